using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops.Retention;
using Workshop.Silo.Hosting;
using Workshop.Silo.Storage;
using Workshop.Silo.Telemetry;

namespace Workshop.GrainTests.Infrastructure;

/// <summary>
/// Configures each test silo as the product does: its EF Core storage (from the cluster's configuration), retention and the
/// seeds; reminders may tick every second, and a cluster may keep personal data for seconds instead of days.
/// </summary>
public sealed class WorkshopSiloConfigurator : ISiloConfigurator
{
    /// <summary>A test cluster's property: seconds for which personal data is kept after a workshop ends.</summary>
    public const string KeepPersonalDataForSeconds = "Test:KeepPersonalDataForSeconds";
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    public void Configure(ISiloBuilder silo)
    {
        silo.AddWorkshopStorage(silo.Configuration)
            .AddWorkshopRetention(silo.Configuration)
            .AddWorkshopSeeds();
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = RetryEvery);
        silo.Configure<RetentionOptions>(o => o.RetryEvery = RetryEvery);
        if (silo.Configuration[KeepPersonalDataForSeconds] is { } seconds)
            silo.Configure<RetentionOptions>(o => o.KeepPersonalDataFor = TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)));
    }
}

/// <summary>
/// One in-process Orleans cluster (a single silo) over its own database, shared by the tests of a
/// collection. Tests use their own framework ids, so they do not see each other's changes.
/// </summary>
public abstract class WorkshopClusterFixture : IAsyncLifetime
{
    private TestDatabase? database;
    private TestCluster? cluster;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>Configuration of the cluster's silos besides the database.</summary>
    protected virtual IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>();

    public TestDatabase Database => database ?? throw new InvalidOperationException("The fixture has not started.");
    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("The fixture has not started.");
    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The services of the running (primary) silo.</summary>
    public IServiceProvider SiloServices =>
        (Cluster.Primary as InProcessSiloHandle ?? throw new InvalidOperationException("The primary silo is not running in this process.")).SiloHost.Services;

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        cluster = await StartClusterAsync(database, SiloSettings);
    }

    /// <summary>A cluster of one silo over <paramref name="database"/>, configured as the fixtures' are, with <paramref name="settings"/> besides.</summary>
    public static async Task<TestCluster> StartClusterAsync(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        var builder = new TestClusterBuilder(1);
        foreach (var (key, value) in database.Configuration.Concat(settings)) builder.Properties[key] = value;
        builder.AddSiloBuilderConfigurator<WorkshopSiloConfigurator>();
        var started = builder.Build();
        await started.DeployAsync();
        return started;
    }

    /// <summary>Stops the silo and starts a new one over the same database (all activations are lost).</summary>
    public async Task RestartSiloAsync()
    {
        var before = Cluster.Primary ?? throw new InvalidOperationException("No primary silo is running.");
        var after = await Cluster.RestartSiloAsync(before) ?? throw new InvalidOperationException("The silo did not restart.");
        if (after.SiloAddress.Equals(before.SiloAddress) || before.IsActive)
            throw new InvalidOperationException($"The silo {before.SiloAddress} was not replaced by a new one.");
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    /// <summary>A storage built directly, outside Orleans, over the fixture's database (which the silo has migrated).</summary>
    public EfGrainStorage CreateStorage()
    {
        var contexts = Database.ContextFactory();
        return new(contexts, new GrainStateWriter(contexts, SiloServices.GetRequiredService<WorkshopMetrics>()), StandaloneSerializer.Value, TimeProvider.System);
    }

    /// <summary>The size in bytes of a grain's stored state as the database holds it (0 when nothing is stored).</summary>
    public async Task<int> StoredSize(GrainId grainId, string stateName)
    {
        await using var db = await Database.ContextFactory().CreateDbContextAsync();
        var (type, key) = (grainId.Type.ToString()!, grainId.Key.ToString()!);
        return await db.GrainStates.Where(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName)
            .Select(r => r.Payload.Length).SingleOrDefaultAsync();
    }

    /// <summary>Stores a payload as a grain's state, past Orleans, as an older version of the product may have written it.</summary>
    public async Task Store(GrainId grainId, string stateName, byte[] payload)
    {
        await using var db = await Database.ContextFactory().CreateDbContextAsync();
        db.GrainStates.Add(new GrainStateRow
        {
            GrainType = grainId.Type.ToString()!, GrainKey = grainId.Key.ToString()!, StateName = stateName,
            ETag = Guid.NewGuid().ToString("N"), Payload = payload, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>Orleans' serializer, set up without a silo, knowing the product's state types.</summary>
    private static readonly Lazy<Serializer> StandaloneSerializer = new(() =>
        new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(FrameworkState).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>());
}

public sealed class SqliteCluster : WorkshopClusterFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

public sealed class PostgreSqlCluster : WorkshopClusterFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgreSqlAsync();
}

/// <summary>A cluster on SQLite whose workshops keep personal data for <see cref="KeepFor"/> after they end.</summary>
public sealed class RetentionCluster : WorkshopClusterFixture
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(4);

    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        [WorkshopSiloConfigurator.KeepPersonalDataForSeconds] = KeepFor.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    };

    protected override IReadOnlyDictionary<string, string> SiloSettings => Settings;

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[CollectionDefinition(Name)]
public sealed class RetentionCollection : ICollectionFixture<RetentionCluster>
{
    public const string Name = "Orleans cluster on SQLite with a retention of seconds";
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteCluster>
{
    public const string Name = "Orleans cluster on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "Orleans cluster on PostgreSQL";
}
