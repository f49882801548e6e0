using Microsoft.Data.Sqlite;
using Workshop.Silo.Storage;

namespace Workshop.Web.Backups;

/// <summary>
/// While the server runs it holds its SQLite file open with a shared lock (FileShare, an advisory flock on Linux, apart
/// from SQLite's own locks): <c>restore</c> asks for the file exclusively and so knows, even of an idle server, that it runs.
/// </summary>
public sealed class RunningServerLock(IConfiguration configuration) : IHostedService, IDisposable
{
    private FileStream? file;

    /// <summary>The exclusive lock <c>restore</c> takes; refused with an <see cref="IOException"/> while a server holds its shared one.</summary>
    public static FileStream Exclusive(string database) => File.Open(database, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var database = WorkshopDatabase.From(configuration);
        if (!database.IsPostgreSql)
            file = File.Open(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        file?.Dispose();
        file = null;
    }
}
