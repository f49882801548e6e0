using System.Net;
using Microsoft.Data.Sqlite;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Hosting;

/// <summary>/health/live says the process answers; /health/ready (and /health, as before) that the database and Orleans answer too.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_stays_healthy_when_the_database_is_gone_while_ready_and_health_report_it()
    {
        await using var app = new WorkshopApp();
        var http = app.CreateClient();
        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);

        // The database's folder disappears (a lost volume); SQLite cannot open or create the file again.
        Directory.Delete(app.Folder, recursive: true);
        SqliteConnection.ClearAllPools();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
    }
}
