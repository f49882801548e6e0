namespace Workshop.Web.Backups;

/// <summary><c>restore &lt;file&gt;</c>: replaces the SQLite database with a backup while the server is stopped, keeping the old one aside.</summary>
public static class RestoreCommand
{
    public static int Run(string[] args) => DatabaseCommand.Run(args, "restore <file> [--Section:Key=value ...]", (database, file) =>
    {
        var aside = SqliteBackup.Restore(database, file, DateTimeOffset.UtcNow);
        return $"Restored {Path.GetFullPath(file)}." + (aside is null ? "" : $" The database it replaced is kept as {aside}.");
    });
}
