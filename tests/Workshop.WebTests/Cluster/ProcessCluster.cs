using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Hosting;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Cluster;

/// <summary>
/// README's "Several silos" as real OS processes: the schema applied with the <c>migrate</c> command, two standalone silos
/// (Redis membership, PostgreSQL storage) and the web app in demo mode as their Orleans client; plus an Orleans client of
/// the test's own that finds where grains live and reads what is stored. A cluster id and database of its own per test.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const string RedisVariable = "WORKSHOP_TEST_REDIS";

    private readonly string clusterId = $"workshop-fault-{Guid.NewGuid():N}";
    private readonly string folder = Path.Combine(AppContext.BaseDirectory, "clusters", Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> silos = [];
    private string redis = "";
    private TestDatabase? database;
    private IHost? client;
    private int webPort;

    public AppProcess Web { get; private set; } = default!;

    public IClusterClient Grains => client!.Services.GetRequiredService<IClusterClient>();

    public IReadOnlyList<SiloProcess> Silos => silos;

    public string DisplayKey => File.ReadAllText(KeyFile).Trim();

    private string KeyFile => Path.Combine(folder, "display-key");

    /// <param name="log">Told how long each part took to start.</param>
    public static async Task<ProcessCluster> Start(Action<string> log)
    {
        var cluster = new ProcessCluster();
        try
        {
            await cluster.StartAll(log);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartAll(Action<string> log)
    {
        // Every figure depends on how busy the machine is.
        log($"load average {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores");
        var watch = Stopwatch.StartNew();
        redis = Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } configured ? configured
            : throw new InvalidOperationException($"The cluster fault tests need a Redis server named by {RedisVariable}; run tests/run-tests.sh, which starts one.");
        Directory.CreateDirectory(folder);
        database = await TestDatabase.CreatePostgreSqlAsync();
        await Migrate();
        log($"schema migrated in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        silos.AddRange(await Task.WhenAll(SiloProcess.Start(Settings()), SiloProcess.Start(Settings())));
        log($"two silos started in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        webPort = AppProcess.FreePort();
        var web = StartWeb();
        client = await StartClient();
        await web;
        log($"the web app healthy and the test's own client connected in {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Every process's settings: README's cluster section, with the schema left to the migrate command.</summary>
    private string[] Settings() =>
    [
        "--Database:Provider=PostgreSQL", $"--ConnectionStrings:Workshop={database!.Database.ConnectionString}", "--Database:MigrateAtStart=false",
        "--Cluster:Membership=Redis", $"--ConnectionStrings:Redis={redis}", $"--Cluster:ClusterId={clusterId}",
    ];

    private async Task Migrate()
    {
        await using var migrate = DotnetProcess.Start(AppProcess.Dll, AppProcess.WebProjectFolder(), ["migrate", .. Settings()]);
        await migrate.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(migrate.ExitCode == 0, $"migrate exited with {migrate.ExitCode}:\n{migrate.LastLines()}");
    }

    /// <summary>The web app as an Orleans client, in demo mode (TRYME5 with its dot vote open), on the same port at every start.</summary>
    private async Task StartWeb() => Web = await AppProcess.StartOn(webPort, [.. Settings(), "--Cluster:Mode=Client", "--Workshop:Demo=true",
        $"--Workshop:DemoDisplayKeyFile={KeyFile}", "--Workshop:JoinAttemptsPerMinute=1000000"]);

    /// <summary>Kills the web app (SIGKILL) and starts it again on the same port; returns when it is healthy.</summary>
    public async Task RestartWeb(Action killed)
    {
        await Web.Kill();
        killed();
        await Web.DisposeAsync();
        await StartWeb();
    }

    /// <summary>The silo process where <paramref name="grain"/> is active now, asked from Orleans' management grain.</summary>
    public async Task<SiloProcess> SiloHolding(IAddressable grain)
    {
        var address = await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
            ?? throw new Xunit.Sdk.XunitException("The grain is active on no silo.");
        return silos.Single(s => s.SiloPort == address.Endpoint.Port);
    }

    /// <summary>When the cluster's membership counts <paramref name="count"/> active silos (a <see cref="Stopwatch.GetTimestamp"/> reading), e.g. once a killed one is declared dead.</summary>
    public async Task<long> ActiveSilos(int count, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < patience)
        {
            try
            {
                if ((await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == count) return Stopwatch.GetTimestamp();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException) { } // the membership is changing: ask again
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"The cluster did not count {count} active silos within {patience.TotalSeconds:F0} s.");
    }

    /// <summary>The demo workshop's grain (TRYME5), created by the web app's start.</summary>
    public IWorkshopGrain Workshop => Grains.GetGrain<IWorkshopGrain>(DemoWorkshop.WorkshopId);

    private async Task<IHost> StartClient()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c => c
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = WorkshopSilo.ServiceId; })
            .UseRedisClustering(redis));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            // The client may wait for a silo that was killed: its stop is not worth waiting for.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await client.StopAsync(patience.Token); } catch (OperationCanceledException) { }
            client.Dispose();
        }
        if (Web is not null) await Web.DisposeAsync();
        foreach (var silo in silos) await silo.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        if (redis.Length > 0)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
            await connection.GetDatabase().KeyDeleteAsync(RedisClusteringOptions.DefaultCreateRedisKey(new ClusterOptions { ClusterId = clusterId, ServiceId = WorkshopSilo.ServiceId }));
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
