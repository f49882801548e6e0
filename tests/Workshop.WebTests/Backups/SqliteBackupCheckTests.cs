using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Silo.Storage;
using Workshop.Web.Backups;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Backups;

/// <summary>A running install and a backup of it, taken with the backup's code path while it runs.</summary>
public sealed class RunningInstall : IAsyncLifetime
{
    public WorkshopApp App { get; } = new();
    public string Database => Path.Combine(App.Folder, "workshop.db");
    public string Backup => Path.Combine(App.Folder, "backup.db");

    public Task InitializeAsync()
    {
        App.Services.GetRequiredService<IGrainFactory>();
        SqliteBackup.Backup(Sqlite(Database), Backup);
        return Task.CompletedTask;
    }

    public static WorkshopDatabase Sqlite(string file) => new(WorkshopDatabase.Sqlite, $"Data Source={file}");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The checks of backup and restore (their code path, in this process): a file that is not a backup, a running server, or a backup
/// named after the database itself, changes nothing.
/// </summary>
public sealed class SqliteBackupCheckTests(RunningInstall install) : IClassFixture<RunningInstall>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 21, 30, 5, TimeSpan.Zero);

    /// <summary>A stopped install of its own: a folder whose database is a copy of the backup.</summary>
    private string StoppedInstall()
    {
        var folder = Directory.CreateDirectory(WorkshopApp.NewFolder()).FullName;
        File.Copy(install.Backup, Path.Combine(folder, "workshop.db"));
        return folder;
    }

    private static Dictionary<string, string> Contents(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static void AssertRefusedAndUnchanged(string folder, string file, string expected)
    {
        var before = Contents(folder);
        var refusal = Assert.Throws<BackupException>(() => SqliteBackup.Restore(RunningInstall.Sqlite(Path.Combine(folder, "workshop.db")), file, Now));
        Assert.Contains(expected, refusal.Message);
        Assert.EndsWith("nothing was changed.", refusal.Message);
        Assert.Equal(before, Contents(folder));
    }

    [Fact]
    public async Task A_text_file_is_refused_as_not_a_SQLite_database_and_the_database_stays_as_it_was()
    {
        var folder = StoppedInstall();
        var text = Path.Combine(folder, "minutes.txt");
        await File.WriteAllTextAsync(text, string.Concat(Enumerable.Repeat("Minutes of the Koper focus group.\n", 200)));

        AssertRefusedAndUnchanged(folder, text, $"{text} is not a SQLite database, so not a Workshop backup");
    }

    [Fact]
    public void A_SQLite_database_of_another_application_is_refused_as_not_a_Workshop_backup_and_the_database_stays_as_it_was()
    {
        var folder = StoppedInstall();
        var other = Path.Combine(folder, "notes.db");
        Scalar(other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('buy milk');");

        AssertRefusedAndUnchanged(folder, other, $"{other} is a SQLite database but not a Workshop backup: it has no table grain_state or AspNetUsers");
    }

    [Fact]
    public void A_restore_while_the_server_runs_is_refused_even_when_the_server_is_idle_and_sets_nothing_aside()
    {
        // As the pool does with connections idle for minutes: the server must still be known to run.
        SqliteConnection.ClearAllPools();

        var refusal = Assert.Throws<BackupException>(() => SqliteBackup.Restore(RunningInstall.Sqlite(install.Database), install.Backup, Now));

        Assert.Equal($"The database {install.Database} is in use: stop the server before restoring; nothing was changed.", refusal.Message);
        Assert.True(File.Exists(install.Database));
        Assert.DoesNotContain(Directory.GetFiles(install.App.Folder), f => f.Contains(".before-restore-") || f.Contains(".restoring"));
    }

    [Fact]
    public void A_restore_keeps_the_replaced_database_aside_under_the_time_of_the_restore_and_leaves_the_restored_one_in_WAL_mode()
    {
        var folder = StoppedInstall();
        var database = Path.Combine(folder, "workshop.db");
        Scalar(database, "INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at) VALUES ('marker', 'written', 'after the backup', 'etag', x'00', '2026-11-28 21:00:00+00:00');");
        var replaced = Contents(folder)["workshop.db"];

        var aside = SqliteBackup.Restore(RunningInstall.Sqlite(database), install.Backup, Now);

        Assert.Equal($"{database}.before-restore-20261128-213005", aside);
        Assert.Equal(replaced, Contents(folder)["workshop.db.before-restore-20261128-213005"]);
        Assert.Equal(["workshop.db", "workshop.db.before-restore-20261128-213005"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(1L, Scalar(aside!, "SELECT COUNT(*) FROM grain_state WHERE grain_type = 'marker';"));
        Assert.Equal(0L, Scalar(database, "SELECT COUNT(*) FROM grain_state WHERE grain_type = 'marker';"));
        Assert.Equal("wal", Scalar(database, "PRAGMA journal_mode;"));
    }

    private static object? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void A_backup_named_after_the_database_itself_is_refused_and_the_database_stays_as_it_was()
    {
        var folder = StoppedInstall();
        var database = Path.Combine(folder, "workshop.db");
        var before = Contents(folder);

        var refusal = Assert.Throws<BackupException>(() => SqliteBackup.Backup(RunningInstall.Sqlite(database), Path.Combine(folder, ".", "workshop.db")));

        Assert.Equal($"{database} is the database itself; name another file for the backup.", refusal.Message);
        Assert.Equal(before, Contents(folder));
    }

    [Fact]
    public void A_backup_of_a_database_that_does_not_exist_is_refused_and_creates_neither_the_database_nor_the_backup()
    {
        var folder = Directory.CreateDirectory(WorkshopApp.NewFolder()).FullName;
        var database = Path.Combine(folder, "workshop.db");

        var refusal = Assert.Throws<BackupException>(() => SqliteBackup.Backup(RunningInstall.Sqlite(database), Path.Combine(folder, "backup.db")));

        Assert.Equal($"There is no database at {database} to back up.", refusal.Message);
        Assert.Empty(Directory.GetFiles(folder));
    }
}
