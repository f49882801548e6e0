using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workshop.Silo.Storage;

/// <summary>
/// Creates a context's tables at start when they are absent. Several contexts share one database,
/// so each checks for its own table rather than for "any table".
/// </summary>
public static class DatabaseSchema
{
    public static async Task EnsureCreatedAsync(DbContext db, string probeTable, CancellationToken cancellationToken = default)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (db.Database.IsSqlite()) EnsureSqliteFolder(db.Database.GetConnectionString());
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (DbException) when (db.Database.IsNpgsql())
            {
                // Several silos starting together on a server without the database: one of them creates it.
                if (!await creator.ExistsAsync(cancellationToken)) throw;
            }
        }
        if (await TableExists(db, probeTable, cancellationToken)) return;
        try
        {
            await creator.CreateTablesAsync(cancellationToken);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        catch (DbException) when (db.Database.IsNpgsql())
        {
            // Another silo may have created the tables at the same moment; anything else is still an error.
            if (!await TableExists(db, probeTable, cancellationToken)) throw;
        }
    }

    private static async Task<bool> TableExists(DbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}";
        return await db.Database.SqlQueryRaw<int>(sql, table).SingleAsync(cancellationToken) > 0;
    }

    private static void EnsureSqliteFolder(string? connectionString)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}

internal static class DatabaseFacadeExtensions
{
    public static bool IsSqlite(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";
}
