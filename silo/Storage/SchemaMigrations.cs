using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Workshop.Silo.Storage;

/// <summary>
/// Brings the database's tables (grain state; sign-in and cookie keys) to this version's EF Core migrations (one
/// history table for both contexts): at start in every silo and web app unless <c>Database:MigrateAtStart</c> is
/// false, or by the operator's <c>migrate</c> command. A database made before migrations (the tables, no history) first
/// gets its baseline recorded as applied; a database a newer version has migrated is refused before anything changes.
/// </summary>
public sealed class SchemaMigrations(WorkshopDatabase database, ILoggerFactory loggers)
{
    /// <summary>The advisory lock every silo and web app takes around migrating on PostgreSQL: "Workshop" in ASCII.</summary>
    private const long PostgreSqlLockKey = 0x576F726B73686F70;

    private readonly ILogger logger = loggers.CreateLogger<SchemaMigrations>();

    private sealed record Part(string Name, DbContext Db, string ProbeTable);

    public Task ApplyAtStart(CancellationToken cancellationToken) =>
        database.MigrateAtStart ? Migrate(cancellationToken) : RefuseUnlessCurrent(cancellationToken);

    /// <summary>Applies the migrations the database lacks; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> Migrate(CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        await OnEveryPart(async parts =>
        {
            await DatabaseSchema.EnsureDatabaseAsync(parts[0].Db, cancellationToken);
            await using var exclusive = await Exclusive(cancellationToken);
            await RefuseNewerSchema(parts, cancellationToken);
            foreach (var part in parts)
            {
                // Before EF Core's own migrate, which on Npgsql would first query an absent history and log the failure as an error.
                await part.Db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await RecordBaselineOfOlderInstall(part, cancellationToken);
                applied.AddRange(await Pending(part, cancellationToken));
                await part.Db.Database.MigrateAsync(cancellationToken);
            }
            if (parts[0].Db.Database.IsSqlite()) await parts[0].Db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        });
        if (applied.Count > 0) logger.LogInformation("Applied the schema migrations {Migrations}", string.Join(", ", applied));
        return applied;
    }

    /// <summary>With <c>Database:MigrateAtStart</c> false: a database behind or ahead of this version stops the start.</summary>
    public Task RefuseUnlessCurrent(CancellationToken cancellationToken = default) => OnEveryPart(async parts =>
    {
        await RefuseNewerSchema(parts, cancellationToken);
        var pending = new List<string>();
        foreach (var part in parts) pending.AddRange(await Pending(part, cancellationToken));
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The database lacks the schema migrations {string.Join(", ", pending)} of this version of Workshop, and Database:MigrateAtStart is false. " +
                "Apply them first with `dotnet run --project web -- migrate` (or `dotnet Workshop.Web.dll migrate`), then start again.");
    });

    private async Task OnEveryPart(Func<IReadOnlyList<Part>, Task> work)
    {
        await using var grainState = new GrainStateDbContext(Options<GrainStateDbContext>());
        await using var identity = new WorkshopIdentityDbContext(Options<WorkshopIdentityDbContext>());
        await work([new("grain state", grainState, GrainStateDbContext.TableName), new("sign-in", identity, WorkshopIdentityDbContext.ProbeTable)]);
    }

    private DbContextOptions<T> Options<T>() where T : DbContext
    {
        var options = new DbContextOptionsBuilder<T>().UseLoggerFactory(loggers);
        database.Configure(options);
        return options.Options;
    }

    /// <summary>Several silos and web apps start together on PostgreSQL: one migrates at a time; closing the session releases the lock.</summary>
    private async Task<IAsyncDisposable?> Exclusive(CancellationToken cancellationToken)
    {
        if (!database.IsPostgreSql) return null;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlLockKey})", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task RefuseNewerSchema(IReadOnlyList<Part> parts, CancellationToken cancellationToken)
    {
        var known = parts.SelectMany(p => p.Db.Database.GetMigrations()).ToHashSet();
        var unknown = (await Applied(parts[0].Db, cancellationToken)).Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"The database was migrated by a newer version of Workshop: it has the schema migrations {string.Join(", ", unknown)}, which this version does not know. " +
                "Nothing was changed. Run that newer version, or restore the backup taken before the upgrade to run this one.");
    }

    /// <summary>The history, read only when its table exists: Npgsql would try the query and log its failure as an error.</summary>
    private static async Task<IReadOnlyList<string>> Applied(DbContext db, CancellationToken cancellationToken) =>
        await DatabaseSchema.TableExists(db, HistoryRepository.DefaultTableName, cancellationToken)
            ? [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)]
            : [];

    private static async Task<IReadOnlyList<string>> Pending(Part part, CancellationToken cancellationToken) =>
        [.. part.Db.Database.GetMigrations().Except(await Applied(part.Db, cancellationToken))];

    /// <summary>An install made before migrations has the baseline's tables and no history: the baseline is recorded as applied, so only later migrations run.</summary>
    private async Task RecordBaselineOfOlderInstall(Part part, CancellationToken cancellationToken)
    {
        var baseline = part.Db.Database.GetMigrations().First();
        if ((await Applied(part.Db, cancellationToken)).Contains(baseline)) return;
        if (!await DatabaseSchema.TableExists(part.Db, part.ProbeTable, cancellationToken)) return;
        var history = part.Db.GetService<IHistoryRepository>();
        await part.Db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
        logger.LogInformation("The {Part} tables were made before migrations: recorded {Baseline} as applied", part.Name, baseline);
    }
}

public static class SchemaMigrationsRegistration
{
    /// <summary>The migrations of <paramref name="database"/>, once per process (the co-hosted silo and the web app share it).</summary>
    public static IServiceCollection AddSchemaMigrations(this IServiceCollection services, WorkshopDatabase database)
    {
        services.TryAddSingleton(s => new SchemaMigrations(database, s.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
