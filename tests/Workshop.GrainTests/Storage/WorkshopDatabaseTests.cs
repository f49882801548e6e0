using Microsoft.Extensions.Configuration;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Storage;

public class WorkshopDatabaseTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_configuration_the_data_is_kept_in_a_local_sqlite_file()
    {
        var database = WorkshopDatabase.From(Configuration());

        Assert.Equal(WorkshopDatabase.Sqlite, database.Provider);
        Assert.Equal(WorkshopDatabase.DefaultSqliteConnection, database.ConnectionString);
        Assert.False(database.IsPostgreSql);
    }

    [Theory]
    [InlineData("PostgreSQL")]
    [InlineData("postgresql")]
    public void PostgreSQL_is_chosen_by_the_provider_key_in_any_case(string provider)
    {
        var database = WorkshopDatabase.From(Configuration(("Database:Provider", provider), ("ConnectionStrings:Workshop", "Host=db;Username=app")));

        Assert.True(database.IsPostgreSql);
        Assert.Equal("Host=db;Username=app", database.ConnectionString);
    }

    [Fact]
    public void A_configured_sqlite_connection_string_is_used_as_given()
    {
        var database = WorkshopDatabase.From(Configuration(("Database:Provider", "sqlite"), ("ConnectionStrings:Workshop", "Data Source=/tmp/x.db")));

        Assert.False(database.IsPostgreSql);
        Assert.Equal("Data Source=/tmp/x.db", database.ConnectionString);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => WorkshopDatabase.From(Configuration(("Database:Provider", "PostgreSQL"))));

        Assert.Contains("ConnectionStrings:Workshop", refusal.Message);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => WorkshopDatabase.From(Configuration(("Database:Provider", "MySql"))));

        Assert.Contains("MySql", refusal.Message);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    public void Migrations_run_at_start_unless_the_operator_turns_it_off(string? value, bool migrateAtStart)
    {
        var database = WorkshopDatabase.From(value is null ? Configuration() : Configuration(("Database:MigrateAtStart", value)));

        Assert.Equal(migrateAtStart, database.MigrateAtStart);
    }

    [Fact]
    public void An_unknown_migrate_at_start_value_is_refused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => WorkshopDatabase.From(Configuration(("Database:MigrateAtStart", "maybe"))));

        Assert.Contains("'maybe'", refusal.Message);
    }
}
