using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Telemetry;

/// <summary>
/// /metrics for Prometheus. The counting test runs the app as its own process: every app in the test process would
/// otherwise add to the same "Workshop" meter name that OpenTelemetry listens to.
/// </summary>
public sealed partial class PrometheusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task With_prometheus_on_metrics_counts_the_phones_joins_answers_refusals_and_pushes_and_shows_orleans_and_aspnetcore_meters()
    {
        var keyFile = Path.Combine(AppContext.BaseDirectory, "apps", $"{Guid.NewGuid():N}.key");
        await using var app = await AppProcess.Start("--Workshop:Demo=true", "--Telemetry:Prometheus=true", $"--Workshop:DemoDisplayKeyFile={keyFile}");
        var connections = new List<HubConnection>();
        try
        {
            var display = await Connected(app, connections);
            var displayPushes = 0;
            display.On<JsonElement>("display", _ => Interlocked.Increment(ref displayPushes));
            Ok(await display.InvokeAsync<JsonElement>("watchDisplay", new { workshopId = DemoWorkshop.WorkshopId, key = await File.ReadAllTextAsync(keyFile) }));

            var phones = new List<(HubConnection Phone, JsonElement Activity)>();
            foreach (var name in new[] { "Ana", "Bor", "Cene" })
            {
                var phone = await Connected(app, connections);
                var joined = Ok(await phone.InvokeAsync<JsonElement>("join", new { code = DemoWorkshop.Code, name, language = "en" }));
                phones.Add((phone, joined.GetProperty("workshop").GetProperty("current")));
            }
            foreach (var (phone, activity) in phones)
            {
                var ack = Ok(await Answer(phone, activity, Guid.NewGuid().ToString(), dots: 2));
                Assert.True(ack.GetProperty("accepted").GetBoolean(), ack.ToString());
            }
            // Refusals: three dots over the demo's cap of two on one item, and a code that no workshop has.
            var refused = Ok(await Answer(phones[0].Phone, phones[0].Activity, Guid.NewGuid().ToString(), dots: 3));
            Assert.Equal("overItemCap", refused.GetProperty("error").GetString());
            Failed("unknownCode", await phones[1].Phone.InvokeAsync<JsonElement>("join", new { code = "ZZZZZ9", name = "Eve" }));

            var metrics = await MetricsWhen(app, m =>
                Value(m, "workshop_answers_acknowledged_total") == 3 && Value(m, "workshop_joins_total") == 3 && Value(m, "workshop_phones_connected") == 3
                && Value(m, "workshop_snapshots_pushed_total", "audience=\"displays\"") == Volatile.Read(ref displayPushes));

            Assert.Equal(3, Value(metrics, "workshop_answers_ack_duration_seconds_count"));
            Assert.Equal(1, Value(metrics, "workshop_refusals_total", "code=\"overItemCap\""));
            Assert.Equal(1, Value(metrics, "workshop_refusals_total", "code=\"unknownCode\""));
            Assert.True(Value(metrics, "workshop_storage_batch_size_count") >= 1, "No group commit was measured.");
            Assert.True(Value(metrics, "workshop_storage_batch_duration_seconds_count") >= 1, "No group commit duration was measured.");
            Assert.True(Value(metrics, "workshop_snapshots_pushed_total", "audience=\"displays\"") >= 1, "No snapshot reached the display.");
            Assert.Contains(Names(metrics), n => n.StartsWith("orleans_", StringComparison.Ordinal));
            Assert.Contains("http_server_request_duration_seconds_count", Names(metrics));
            Assert.Contains("signalr_server_active_connections", Names(metrics));
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_prometheus_on_metrics_answers_a_scrape_before_the_first_administrator_exists()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });

        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/metrics");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_is_not_found_when_prometheus_is_off()
    {
        await using var app = new WorkshopApp();

        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_prometheus_setting_that_is_not_true_or_false_stops_the_start_naming_the_setting_and_creates_nothing()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "maybe" });

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains("Telemetry:Prometheus must be 'true' or 'false', not 'maybe'.", error.ToString());
        Assert.False(File.Exists(Path.Combine(app.Folder, "workshop.db")), "The database was created although the start was refused.");
    }

    private static async Task<HubConnection> Connected(AppProcess app, List<HubConnection> connections)
    {
        var connection = Connection(app.BaseAddress);
        connections.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Puts <paramref name="dots"/> dots on the activity's first item.</summary>
    private static Task<JsonElement> Answer(HubConnection phone, JsonElement activity, string clientId, int dots)
    {
        var item = activity.GetProperty("items")[0].GetProperty("id").GetGuid();
        return phone.InvokeAsync<JsonElement>("answer", new
        {
            activityId = activity.GetProperty("definition").GetProperty("id").GetGuid(),
            round = activity.GetProperty("round").GetInt32(),
            clientId,
            dots = new Dictionary<string, int> { [item.ToString()] = dots },
        });
    }

    /// <summary>The scrape once <paramref name="done"/> holds (the exporter caches briefly and measurements land after the replies).</summary>
    private static async Task<string> MetricsWhen(AppProcess app, Func<string, bool> done)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var metrics = await http.GetStringAsync("/metrics");
            if (done(metrics)) return metrics;
            if (watch.Elapsed > Patience) Assert.Fail($"/metrics did not show the expected counts within {Patience.TotalSeconds} s:\n{metrics}");
            await Task.Delay(200);
        }
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (e.g. <c>code="overItemCap"</c>).</summary>
    private static double Value(string metrics, string name, string label = "") =>
        Samples(metrics).Where(s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).Sum(s => s.Value);

    private static HashSet<string> Names(string metrics) => [.. Samples(metrics).Select(s => s.Name)];

    private static IEnumerable<(string Name, string Labels, double Value)> Samples(string metrics) =>
        Sample().Matches(metrics).Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
