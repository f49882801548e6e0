using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Workshop.Silo.Storage;

/// <summary>
/// Where the product keeps its data: a SQLite file by default, PostgreSQL by configuration
/// (<c>Database:Provider</c> = <c>PostgreSQL</c>, <c>ConnectionStrings:Workshop</c>). Grain state and sign-in share it.
/// <c>Database:MigrateAtStart</c> = <c>false</c> leaves the schema migrations to the operator's <c>migrate</c> command.
/// </summary>
public sealed record WorkshopDatabase(string Provider, string ConnectionString, bool MigrateAtStart = true)
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public const string DefaultSqliteConnection = "Data Source=data/workshop.db";

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public static WorkshopDatabase From(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? Sqlite;
        if (!string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider must be '{Sqlite}' or '{PostgreSql}', not '{provider}'.");
        var connection = configuration.GetConnectionString("Workshop");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (!string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("ConnectionStrings:Workshop is required for PostgreSQL.");
            connection = DefaultSqliteConnection;
        }
        var migrateAtStart = configuration["Database:MigrateAtStart"] switch
        {
            null or "" => true,
            var value when bool.TryParse(value, out var parsed) => parsed,
            var value => throw new InvalidOperationException($"Database:MigrateAtStart must be 'true' or 'false', not '{value}'."),
        };
        return new WorkshopDatabase(provider, connection, migrateAtStart);
    }

    /// <summary>The provider, and its own migrations assembly (EF Core keeps one per provider).</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (IsPostgreSql) options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(typeof(Migrations.PostgreSql.DesignTimeContexts).Assembly.GetName().Name));
        else options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(typeof(Migrations.Sqlite.DesignTimeContexts).Assembly.GetName().Name));
    }
}
