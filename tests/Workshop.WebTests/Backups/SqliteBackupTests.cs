using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Backups;

/// <summary>The operator's <c>backup</c> and <c>restore</c> commands, each run as its own process on the SQLite database of a running app.</summary>
public sealed class SqliteBackupTests
{
    [Fact]
    public async Task A_backup_taken_during_voting_restores_into_a_fresh_install_with_every_answer_acknowledged_before_it_started()
    {
        await using var app = new WorkshopApp();
        var address = app.StartKestrel();
        await using var voting = await VotingPhones.Start(app, address, phones: 8);
        await voting.UnderWay(count: 24);

        // A backup can fall between two acknowledgements (they arrive in bursts): back up again until one fell within it.
        string backupFile, backupOutput;
        int backupExit, attempts = 0;
        long backupStarted, backupEnded;
        do
        {
            backupFile = Path.Combine(app.Folder, "backups", $"workshop-backup-{++attempts}.db");
            backupStarted = Stopwatch.GetTimestamp();
            (backupExit, backupOutput) = await Command("backup", backupFile, Database(app.Folder));
            backupEnded = Stopwatch.GetTimestamp();
        }
        while (backupExit == 0 && voting.AcknowledgedBetween(backupStarted, backupEnded) == 0 && attempts < 10);
        await voting.Stop();
        Assert.True(backupExit == 0, backupOutput);
        Assert.Contains("Backed up the database to", backupOutput);
        Assert.True(voting.AcknowledgedBetween(backupStarted, backupEnded) > 0,
            $"No answer was acknowledged in the {Stopwatch.GetElapsedTime(backupStarted, backupEnded).TotalMilliseconds:F0} ms the backup ran: it did not run during voting.");

        var fresh = WorkshopApp.NewFolder();
        var (restoreExit, restoreOutput) = await Command("restore", backupFile, Database(fresh));
        Assert.True(restoreExit == 0, restoreOutput);
        Assert.Contains("Restored", restoreOutput);

        await using var restored = new WorkshopApp(folder: fresh);
        await voting.AssertRestored(restored.Services.GetRequiredService<IGrainFactory>(), backupStarted);
    }

    [Fact]
    public async Task A_restore_of_a_text_file_exits_with_an_error_naming_it_and_creates_neither_a_database_nor_its_folder()
    {
        var notes = Path.Combine(Directory.CreateDirectory(WorkshopApp.NewFolder()).FullName, "notes.txt");
        await File.WriteAllTextAsync(notes, "Not a backup: the minutes of the Koper focus group.\n");
        var install = WorkshopApp.NewFolder();

        var (exit, output) = await Command("restore", notes, Database(install));

        Assert.Equal(1, exit);
        Assert.Contains($"{notes} is not a SQLite database, so not a Workshop backup", output);
        Assert.False(Directory.Exists(install));
    }

    private static string Database(string folder) => $"--ConnectionStrings:Workshop=Data Source={Path.Combine(folder, "workshop.db")}";

    /// <summary>The web app's own executable with a command, as an operator runs it: its exit code and everything it wrote.</summary>
    private static async Task<(int Exit, string Output)> Command(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
