using Microsoft.Data.Sqlite;
using Workshop.Silo.Storage;
using Workshop.Web.Identity;

namespace Workshop.Web.Backups;

/// <summary>A backup or restore refused before anything changed; the message tells the operator why.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// Backup and restore of the SQLite database with SQLite's online backup API: a backup reads one consistent snapshot
/// while the server keeps writing (WAL mode), and a restore checks the file and keeps the replaced database aside.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Writes a consistent copy of the database to <paramref name="file"/>, a single self-contained file.</summary>
    public static void Backup(WorkshopDatabase database, string file)
    {
        var source = DatabasePath(database);
        var target = Path.GetFullPath(file);
        if (SamePath(source, target)) throw new BackupException($"{target} is the database itself; name another file for the backup.");
        if (!File.Exists(source)) throw new BackupException($"There is no database at {source} to back up.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written beside the target and moved into place, so that a failed backup never leaves a half-written file under its name.
        var partial = target + ".partial";
        DeleteWithSidecars(partial);
        try
        {
            using (var from = Open(source, SqliteOpenMode.ReadWrite))
            using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
                // The copy carries the live database's WAL mode; a backup is one file that opens without side files.
                Execute(to, "PRAGMA journal_mode=DELETE;");
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            DeleteWithSidecars(partial);
        }
    }

    /// <summary>
    /// Replaces the database with the backup <paramref name="file"/>, which must be a SQLite database with the product's
    /// tables, while no server uses the database; the replaced database is kept aside and its new name returned (null when there was none).
    /// </summary>
    public static string? Restore(WorkshopDatabase database, string file, DateTimeOffset now)
    {
        var target = DatabasePath(database);
        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup)) throw new BackupException($"There is no file {backup} to restore.");
        if (SamePath(backup, target)) throw new BackupException($"{backup} is the database itself; name a backup file.");
        var folder = Path.GetDirectoryName(target)!;
        var newFolder = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        // Checked and prepared as a copy beside the database: the backup file is never opened, the database not touched until the swap.
        var restoring = target + ".restoring";
        DeleteWithSidecars(restoring);
        try
        {
            File.Copy(backup, restoring);
            using (var copy = Open(restoring, SqliteOpenMode.ReadWrite))
            {
                CheckIsWorkshopDatabase(copy, backup);
                Execute(copy, "PRAGMA journal_mode=WAL;");
            }
            if (!File.Exists(target))
            {
                File.Move(restoring, target);
                return null;
            }
            CheckNotInUse(target);
            var aside = $"{target}.before-restore-{now.UtcDateTime:yyyyMMdd-HHmmss}";
            foreach (var sidecar in Sidecars)
                if (File.Exists(target + sidecar)) File.Move(target + sidecar, aside + sidecar);
            File.Move(restoring, target);
            return aside;
        }
        finally
        {
            DeleteWithSidecars(restoring);
            if (newFolder && !File.Exists(target)) Directory.Delete(folder);
        }
    }

    private static readonly string[] Sidecars = ["", "-wal", "-shm"];

    /// <summary>The tables the product creates for its grain state and its sign-ins.</summary>
    private static readonly string[] ProductTables = [GrainStateDbContext.TableName, WorkshopIdentityDbContext.ProbeTable];

    private static void CheckIsWorkshopDatabase(SqliteConnection copy, string backup)
    {
        List<string> tables;
        try
        {
            using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA quick_check;";
            var result = check.ExecuteScalar() as string;
            if (result != "ok") throw new BackupException($"{backup} is a damaged SQLite database ({result}); it cannot be restored; nothing was changed.");
            check.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
            using var reader = check.ExecuteReader();
            tables = [];
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new BackupException($"{backup} is not a SQLite database, so not a Workshop backup ({e.Message.TrimEnd('.')}); nothing was changed.");
        }
        var missing = ProductTables.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new BackupException($"{backup} is a SQLite database but not a Workshop backup: it has no table {string.Join(" or ", missing)}; nothing was changed.");
    }

    private static void CheckNotInUse(string target)
    {
        try
        {
            using var exclusive = RunningServerLock.Exclusive(target);
        }
        catch (IOException)
        {
            throw new BackupException($"The database {target} is in use: stop the server before restoring; nothing was changed.");
        }
    }

    private static string DatabasePath(WorkshopDatabase database)
    {
        if (database.IsPostgreSql)
            throw new BackupException("The database is PostgreSQL: back it up and restore it with pg_dump and pg_restore (README, \"Backups\").");
        return Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
    }

    /// <summary>An unpooled connection, so that the file is closed (and its lock released) when the connection is.</summary>
    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool SamePath(string a, string b) => string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static void DeleteWithSidecars(string path)
    {
        foreach (var sidecar in Sidecars)
            if (File.Exists(path + sidecar)) File.Delete(path + sidecar);
    }
}
