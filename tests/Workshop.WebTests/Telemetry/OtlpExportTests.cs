using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Telemetry;

/// <summary>OTLP export by the standard OTEL_* settings, into a collector stand-in that keeps what it receives.</summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task With_an_otlp_endpoint_the_app_exports_the_workshop_orleans_and_aspnetcore_metrics_and_its_traces_there()
    {
        using var collector = new Collector();
        await using var app = await AppProcess.Start("--Workshop:Demo=true", $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "--OTEL_METRIC_EXPORT_INTERVAL=500");
        await using var phone = Connection(app.BaseAddress);
        await phone.StartAsync();
        Ok(await phone.InvokeAsync<JsonElement>("join", new { code = DemoWorkshop.Code, name = "Ana" }));

        // Protocol buffers keep strings as they are, so the instruments' and the service's names can be found in the bytes.
        await collector.Received("/v1/metrics", "workshop.joins", "Microsoft.Orleans", "http.server.request.duration", "workshop-web");
        await collector.Received("/v1/traces", "workshop-web", "GET /health");
    }

    private sealed class Collector : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<(string Path, string Body)> received = new();

        public Collector()
        {
            Address = $"http://127.0.0.1:{FreePort()}";
            listener.Prefixes.Add($"{Address}/");
            listener.Start();
            _ = Serve();
        }

        public string Address { get; }

        private async Task Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        /// <summary>Waits for one export to <paramref name="path"/> that holds every one of <paramref name="names"/>.</summary>
        public async Task Received(string path, params string[] names)
        {
            var watch = Stopwatch.StartNew();
            while (!received.Any(r => r.Path == path && names.All(n => r.Body.Contains(n, StringComparison.Ordinal))))
            {
                if (watch.Elapsed > Patience)
                    Assert.Fail($"No export to {path} with {string.Join(", ", names)} within {Patience.TotalSeconds} s; received {received.Count} exports to {string.Join(", ", received.Select(r => r.Path).Distinct())}.");
                await Task.Delay(200);
            }
        }

        public void Dispose() => listener.Close();

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
