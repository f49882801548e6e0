using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Storage;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Hosting;

public sealed class SchemaMigrationOnSqliteTests : SchemaMigrationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();

    protected override Task RestoreBeforeMigrations(TestDatabase database)
    {
        File.Copy(Fixture("before-migrations.db"), new SqliteConnectionStringBuilder(database.Database.ConnectionString).DataSource);
        return Task.CompletedTask;
    }

    protected override string SchemaQuery =>
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS \"Value\" FROM sqlite_master WHERE name NOT LIKE '%EFMigrations%'";
}

public sealed class SchemaMigrationOnPostgreSqlTests : SchemaMigrationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgreSqlAsync();

    protected override async Task RestoreBeforeMigrations(TestDatabase database)
    {
        // pg_dump's script without its psql meta-commands (\restrict), on a session of its own: it empties search_path.
        var script = string.Join('\n', File.ReadLines(Fixture("before-migrations.postgresql.sql")).Where(line => !line.StartsWith('\\')));
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.Database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override string SchemaQuery => """
        SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' null ' || is_nullable
               || coalesce(' ' || identity_generation, '') AS "Value"
          FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '%EFMigrations%'
        UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '%EFMigrations%'
        UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
          WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '%EFMigrations%'
        """;

    [Fact]
    public async Task Silos_and_web_apps_upgrading_the_same_database_at_once_all_start_and_record_each_migration_once()
    {
        await using var database = await CreateDatabaseAsync();
        await RestoreBeforeMigrations(database);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new SchemaMigrations(database.Database, NullLoggerFactory.Instance).Migrate())));

        await using var db = await database.ContextFactory().CreateDbContextAsync();
        var history = await db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync();
        Assert.Equal(history.Distinct().Order(), history.Order());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}

/// <summary>
/// An install made by the version before schema migrations (a snapshot of its database in Fixtures/) upgrades in place
/// with nothing lost; a database a newer version has migrated, or one behind the code when migrating is left to the
/// operator, stops the start and is left as it was.
/// </summary>
public abstract class SchemaMigrationTests
{
    private static readonly Guid WorkshopId = Guid.Parse("5e1f0000-0000-4000-8000-000000000001");
    private static readonly Guid DotVoteId = Guid.Parse("5e1f0000-0000-4000-8000-0000000000d1");
    private static readonly Guid RatingId = Guid.Parse("5e1f0000-0000-4000-8000-0000000000a1");
    private const string FutureMigration = "29991231000000_FromANewerVersion";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>Fills the empty <paramref name="database"/> with the fixture made before migrations.</summary>
    protected abstract Task RestoreBeforeMigrations(TestDatabase database);

    /// <summary>Every table, column, index and constraint but the migrations history, one line each.</summary>
    protected abstract string SchemaQuery { get; }

    protected static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task The_first_migrations_make_exactly_the_tables_the_version_before_migrations_made()
    {
        await using var before = await CreateDatabaseAsync();
        await RestoreBeforeMigrations(before);
        await using var migrated = await CreateDatabaseAsync();

        await MigrateToFirst(migrated.ContextFactory<GrainStateDbContext>());
        await MigrateToFirst(migrated.ContextFactory<WorkshopIdentityDbContext>());

        Assert.Equal(await Schema(before), await Schema(migrated));
    }

    /// <summary>Applies a context's first migration only: later ones change the schema on purpose.</summary>
    private static async Task MigrateToFirst<TContext>(IDbContextFactory<TContext> contexts) where TContext : DbContext
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
    }

    [Fact]
    public async Task An_install_from_before_migrations_upgrades_in_place_and_keeps_every_workshop_answer_framework_and_user()
    {
        await using var database = await CreateDatabaseAsync();
        await RestoreBeforeMigrations(database);

        await using var app = new WorkshopApp(Settings(database));
        var grains = app.Services.GetRequiredService<IGrainFactory>();

        var listing = Assert.Single(await grains.GetGrain<IWorkshopRegistryGrain>(0).List());
        Assert.Equal((WorkshopId, "Focus group Maribor"), (listing.Id, listing.Title));
        var record = await grains.GetGrain<IWorkshopGrain>(WorkshopId).GetRecord() ?? throw new Xunit.Sdk.XunitException("The workshop is gone.");
        var workshop = record.Workshop;
        Assert.Equal(("UPGR42", WorkshopStatus.Live), (workshop.Code, workshop.Status));
        var people = record.Participants.OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        Assert.Equal(["Ana SI", "Marco IT", "Zofia FR"], people.Select(p => $"{p.DisplayName} {p.Segments["country"]}"));

        var dotVote = workshop.Activity(DotVoteId)!;
        var items = dotVote.Definition.Items;
        var results = Assert.Single(dotVote.ClosedRounds).DotVote!;
        Assert.Equal((ActivityStatus.Closed, 3, 9), (dotVote.Status, results.Respondents, results.TotalDots));
        Assert.Equal([2, 2, 2, 3], items.Select(item => results.Items.Single(r => r.Item == item).Dots));
        Assert.Equal(ActivityStatus.Open, workshop.Activity(RatingId)!.Status);
        for (var p = 0; p < people.Count; p++)
        {
            var answers = (await grains.GetGrain<IParticipantGrain>(people[p].Id).GetAnswers()).Select(r => r.Answer).ToList();
            var dots = answers.Single(a => a.ActivityId == DotVoteId).Dots!;
            Assert.Equal([(items[p], 2), (items[3], 1)], dots.OrderBy(d => d.Key == items[3]).Select(d => (d.Key, d.Value)));
            var ratings = answers.Single(a => a.ActivityId == RatingId).Ratings!;
            Assert.Equal((5 - p, 3, 2, 1 + p), (ratings["importance"][items[0]], ratings["importance"][items[1]], ratings["development"][items[0]], ratings["development"][items[1]]));
        }
        var evidence = await grains.GetGrain<IItemEvidenceGrain>("community-network-coordinator").All();
        Assert.Equal(items.Order(), evidence.Where(e => e.WorkshopId == WorkshopId && e.Segment is null && e.N == 3).Select(e => e.ItemId).Order());

        Assert.Equal(["community-network-coordinator", "community-worker", "community-worker-zh", "mentor-pl"],
            (await grains.GetGrain<IFrameworkRegistryGrain>(0).List()).Order(StringComparer.Ordinal));
        var worker = await grains.GetGrain<IFrameworkGrain>("community-worker").Get() ?? throw new Xunit.Sdk.XunitException("The framework is gone.");
        Assert.Equal([(1, VersionStatus.Published), (2, VersionStatus.Draft)], worker.Versions.Select(v => (v.Number, v.Status)));
        Assert.Equal("Keeps records for years", worker.Draft!.Items.Single(i => i.Code == "9.1").Labels["en"]);
        // The seeds' Italian and French arrive as a version of their own with the same item ids (community-worker's open draft keeps it waiting).
        var coordinator = await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get() ?? throw new Xunit.Sdk.XunitException("The framework is gone.");
        var (original, translated) = (coordinator.Version(1)!, coordinator.LatestPublished!);
        Assert.Equal((2, FrameworkTranslations.TranslationOrigin), (translated.Number, translated.Origin));
        Assert.Equal(original.Items.Select(i => (i.Id, i.Code)), translated.Items.Select(i => (i.Id, i.Code)));
        Assert.All(translated.Items, item => Assert.True(item.Labels.ContainsKey("it") && item.Labels.ContainsKey("fr"), item.Code));

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var owner = await users.FindByEmailAsync("owner@example.org") ?? throw new Xunit.Sdk.XunitException("The administrator is gone.");
        Assert.True((await scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>().CheckPasswordSignInAsync(owner, "upgrade-owner-42", false)).Succeeded);
        Assert.True(await users.IsInRoleAsync(owner, Roles.Administrator));
        await new SchemaMigrations(database.Database, NullLoggerFactory.Instance).RefuseUnlessCurrent();
    }

    [Fact]
    public async Task A_database_a_newer_version_migrated_stops_the_start_with_a_clear_message_and_is_left_as_it_was()
    {
        await using var database = await CreateDatabaseAsync();
        await RestoreBeforeMigrations(database);
        await new SchemaMigrations(database.Database, NullLoggerFactory.Instance).Migrate();
        await using (var db = await database.ContextFactory().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{FutureMigration}', '99.0.0')");
        var before = await Contents(database);

        var refusal = await StartFails(Settings(database));

        Assert.Contains($"newer version of Workshop: it has the schema migrations {FutureMigration}, which this version does not know", refusal);
        Assert.Equal(before, await Contents(database));
    }

    [Fact]
    public async Task With_migrating_at_start_off_a_database_behind_the_code_stops_the_start_until_the_migrate_command_has_run()
    {
        await using var database = await CreateDatabaseAsync();
        await RestoreBeforeMigrations(database);
        var settings = Settings(database);
        settings["Database:MigrateAtStart"] = "false";
        var before = await Contents(database);

        var refusal = await StartFails(settings);
        Assert.Contains("Database:MigrateAtStart is false", refusal);
        Assert.Equal(before, await Contents(database));

        var (exitCode, output) = await RunMigrateCommand(database);
        Assert.True(exitCode == 0, output);
        Assert.Contains("tables were made before migrations: recorded", output);

        await using var app = new WorkshopApp(settings);
        var workshop = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(WorkshopId).GetState();
        Assert.Equal("Focus group Maribor", workshop?.Title);
    }

    private static Dictionary<string, string?> Settings(TestDatabase database) =>
        database.Configuration.ToDictionary(s => s.Key, s => (string?)s.Value);

    /// <summary>Starts the app and returns why it did not start (every message of the exception and its causes).</summary>
    private static async Task<string> StartFails(Dictionary<string, string?> settings)
    {
        var app = new WorkshopApp(settings);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => app.Services));
        try { await app.DisposeAsync(); }
        catch (Exception) { /* the host never started: there is nothing to stop */ }
        return failure.ToString();
    }

    /// <summary>`dotnet Workshop.Web.dll migrate`, as an operator runs it, with the database on the command line.</summary>
    private static async Task<(int ExitCode, string Output)> RunMigrateCommand(TestDatabase database)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Workshop.Web.dll"), "migrate",
            $"--Database:Provider={database.Database.Provider}", $"--ConnectionStrings:Workshop={database.Database.ConnectionString}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await output + await errors);
    }

    private async Task<IReadOnlyList<string>> Schema(TestDatabase database)
    {
        await using var db = await database.ContextFactory().CreateDbContextAsync();
        return (await db.Database.SqlQueryRaw<string>(SchemaQuery).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The tables, the migrations history, every grain state row (with its ETag) and every user, one line each.</summary>
    private async Task<IReadOnlyList<string>> Contents(TestDatabase database)
    {
        await using var db = await database.ContextFactory().CreateDbContextAsync();
        var lines = (await Schema(database)).ToList();
        lines.AddRange(await db.Database.GetAppliedMigrationsAsync());
        lines.AddRange(await db.GrainStates.Select(r => r.GrainType + "/" + r.GrainKey + "/" + r.StateName + " " + r.ETag).ToListAsync());
        lines.AddRange(await db.Database.SqlQueryRaw<string>("SELECT \"Email\" || ' ' || \"PasswordHash\" AS \"Value\" FROM \"AspNetUsers\"").ToListAsync());
        return lines.Order(StringComparer.Ordinal).ToList();
    }
}
