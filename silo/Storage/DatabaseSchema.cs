using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workshop.Silo.Storage;

/// <summary>The database itself, before any migration runs, and what its tables are.</summary>
public static class DatabaseSchema
{
    /// <summary>Creates the SQLite file's folder, or the PostgreSQL database when it is absent.</summary>
    public static async Task EnsureDatabaseAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            return;
        }
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken)) return;
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Several silos starting together on a server without the database: one of them creates it.
            if (!await creator.ExistsAsync(cancellationToken)) throw;
        }
    }

    public static async Task<bool> TableExists(DbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}";
        return await db.Database.SqlQueryRaw<int>(sql, table).SingleAsync(cancellationToken) > 0;
    }
}

internal static class DatabaseFacadeExtensions
{
    public static bool IsSqlite(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";
}
