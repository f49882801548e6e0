using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Infrastructure;

/// <summary>
/// A database made for one fixture and removed at its end: a SQLite file under the test output
/// folder, or a uniquely named database on the PostgreSQL server named by WORKSHOP_TEST_POSTGRES.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "WORKSHOP_TEST_POSTGRES";

    private readonly Func<Task> drop;

    private TestDatabase(WorkshopDatabase database, Func<Task> drop)
    {
        Database = database;
        this.drop = drop;
    }

    /// <summary>The provider and connection string, as the silo reads them from configuration.</summary>
    public WorkshopDatabase Database { get; }

    /// <summary>The configuration keys that point a silo at this database.</summary>
    public IReadOnlyDictionary<string, string> Configuration => new Dictionary<string, string>
    {
        ["Database:Provider"] = Database.Provider,
        ["ConnectionStrings:Workshop"] = Database.ConnectionString,
    };

    public static Task<TestDatabase> CreateSqliteAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-data");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"workshop-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        return Task.FromResult(new TestDatabase(new WorkshopDatabase(WorkshopDatabase.Sqlite, connection), () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                if (File.Exists(path)) File.Delete(path);
            return Task.CompletedTask;
        }));
    }

    public static async Task<TestDatabase> CreatePostgreSqlAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server where they may create databases, named by the environment variable {PostgresVariable} " +
                "(for example \"Host=127.0.0.1;Port=55432;Username=postgres\"), which is not set. " +
                "Run tests/run-tests.sh: it starts a throw-away PostgreSQL and sets the variable.");

        var name = $"workshop_test_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
        await Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new TestDatabase(new WorkshopDatabase(WorkshopDatabase.PostgreSql, connection), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    /// <summary>A context factory over this database, configured as the silo configures its own.</summary>
    public IDbContextFactory<GrainStateDbContext> ContextFactory() => ContextFactory<GrainStateDbContext>();

    public IDbContextFactory<TContext> ContextFactory<TContext>() where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        Database.Configure(options);
        return new PooledDbContextFactory<TContext>(options.Options);
    }

    public async ValueTask DisposeAsync() => await drop();

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
