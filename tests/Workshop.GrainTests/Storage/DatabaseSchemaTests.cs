using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Storage;

/// <summary>
/// Several silos (docker-compose.yml starts two at once) may create the database at the same moment on a fresh
/// PostgreSQL server: every one of them must start (the migrations that follow take turns, see SchemaMigrationTests).
/// </summary>
public sealed class DatabaseSchemaTests
{
    [Fact]
    public async Task A_silo_that_finds_no_database_but_loses_the_race_to_create_it_starts_on_the_one_another_silo_created()
    {
        var server = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"This test needs a PostgreSQL server named by the environment variable {TestDatabase.PostgresVariable}, which is not set. " +
                "Run tests/run-tests.sh: it starts a throw-away PostgreSQL and sets the variable.");
        var name = $"workshop_test_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
        var otherSilo = new OtherSiloCreatesTheDatabaseFirst(admin, name);
        var options = new DbContextOptionsBuilder<GrainStateDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString())
            .AddInterceptors(otherSilo)
            .Options;
        try
        {
            await using (var db = new GrainStateDbContext(options))
                await DatabaseSchema.EnsureDatabaseAsync(db);

            Assert.True(otherSilo.Created, "The database was not created by the other silo: the race did not happen.");
            await using var check = new GrainStateDbContext(options);
            Assert.True(await check.Database.CanConnectAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>Creates the database just before this silo's own CREATE DATABASE runs, as a faster silo would.</summary>
    private sealed class OtherSiloCreatesTheDatabaseFirst(string admin, string name) : DbCommandInterceptor
    {
        public bool Created { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Created && command.CommandText.Contains("CREATE DATABASE", StringComparison.OrdinalIgnoreCase))
            {
                await Execute(admin, $"CREATE DATABASE \"{name}\"");
                Created = true;
            }
            return result;
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
