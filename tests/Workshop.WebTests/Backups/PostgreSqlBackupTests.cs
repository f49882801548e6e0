using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workshop.GrainTests.Infrastructure;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Backups;

/// <summary>The README's pg_dump and pg_restore commands, run for real against the throw-away PostgreSQL of tests/run-tests.sh.</summary>
public sealed class PostgreSqlBackupTests
{
    [Fact]
    public async Task A_pg_dump_taken_during_voting_restores_with_pg_restore_into_a_fresh_database_with_every_answer_acknowledged_before_it_started()
    {
        await using var live = await TestDatabase.CreatePostgreSqlAsync();
        await using var fresh = await TestDatabase.CreatePostgreSqlAsync();
        await using var app = new WorkshopApp(Settings(live));
        var address = app.StartKestrel();
        await using var voting = await VotingPhones.Start(app, address, phones: 8);
        await voting.UnderWay(count: 24);

        var dump = Path.Combine(app.Folder, "workshop.dump");
        // pg_dump takes under 100 ms, which an acknowledgement may miss: dump again until one fell within it.
        long backupStarted, backupEnded, attempts = 0;
        do
        {
            backupStarted = Stopwatch.GetTimestamp();
            await PgTool("pg_dump", live, "--format=custom", $"--file={dump}");
            backupEnded = Stopwatch.GetTimestamp();
        }
        while (voting.AcknowledgedBetween(backupStarted, backupEnded) == 0 && ++attempts < 20);
        await voting.Stop();
        Assert.True(voting.AcknowledgedBetween(backupStarted, backupEnded) > 0,
            $"No answer was acknowledged in the {Stopwatch.GetElapsedTime(backupStarted, backupEnded).TotalMilliseconds:F0} ms pg_dump ran: it did not run during voting.");

        await PgTool("pg_restore", fresh, "--no-owner", "--exit-on-error", dump);

        await using var restored = new WorkshopApp(Settings(fresh));
        await voting.AssertRestored(restored.Services.GetRequiredService<IGrainFactory>(), backupStarted);
    }

    private static Dictionary<string, string?> Settings(TestDatabase database) => database.Configuration.ToDictionary(s => s.Key, s => (string?)s.Value);

    /// <summary>Runs pg_dump or pg_restore on <paramref name="database"/> as the README does, with the connection given as options.</summary>
    private static async Task PgTool(string tool, TestDatabase database, params string[] args)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.Database.ConnectionString);
        var start = new ProcessStartInfo(PgBin(tool), [$"--host={connection.Host}", $"--port={connection.Port}", $"--username={connection.Username}", $"--dbname={connection.Database}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (connection.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}:\n{await output}{await errors}");
    }

    /// <summary>The newest installed PostgreSQL's tool, found as tests/run-tests.sh finds initdb; else the one on the PATH.</summary>
    private static string PgBin(string tool)
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin", tool)).Where(File.Exists)
            .OrderBy(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var version) ? version : 0)
            .LastOrDefault() ?? tool;
    }
}
