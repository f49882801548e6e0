using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Workshop.Grains.Workshops.Retention;
using Workshop.Silo.Hosting;

namespace Workshop.GrainTests.Hosting;

/// <summary>A silo configured as the standalone and the co-hosted ones are, with a wrong retention setting.</summary>
public class RetentionSettingTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("thirty")]
    public void A_retention_that_is_not_a_positive_number_of_days_stops_the_start_and_creates_no_database(string days)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "test-data", $"refused-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workshop"] = new SqliteConnectionStringBuilder { DataSource = file }.ToString(),
            [RetentionOptions.Setting] = days,
        });

        var refusal = Assert.Throws<InvalidOperationException>(() =>
        {
            builder.AddWorkshopSilo();
            builder.Build();
        });

        Assert.Contains($"{RetentionOptions.Setting} must be a whole number of days", refusal.Message);
        Assert.Contains($"'{days}'", refusal.Message);
        Assert.False(File.Exists(file));
    }
}
