using System.Diagnostics;

namespace Workshop.Web.Backups;

/// <summary><c>backup &lt;file&gt;</c>: a consistent copy of the SQLite database, safe while the server runs.</summary>
public static class BackupCommand
{
    public static int Run(string[] args) => DatabaseCommand.Run(args, "backup <file> [--Section:Key=value ...]", (database, file) =>
    {
        var watch = Stopwatch.StartNew();
        SqliteBackup.Backup(database, file);
        return $"Backed up the database to {Path.GetFullPath(file)} ({new FileInfo(file).Length:N0} bytes) in {watch.ElapsedMilliseconds} ms.";
    });
}
