using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workshop.WebTests.Hosting;

/// <summary>
/// The built app run as its own process in Production, as `dotnet run` does: every asset a page loads must be served
/// (MudBlazor's files, the scoped styles, the phones' SignalR client), not only under the test host.
/// </summary>
public sealed class StaticAssetsTests
{
    private static readonly string[] Assets =
    [
        "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js", "/Workshop.Web.styles.css",
        "/app.css", "/lib/signalr/signalr.min.js", "/participate/app.js",
    ];

    [Fact]
    public async Task The_app_run_from_its_build_output_in_Production_serves_every_asset_its_pages_load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Workshop.Web.dll"),
            $"--Urls=http://127.0.0.1:{port}", $"--ConnectionStrings:Workshop=Data Source={Path.Combine(folder, "workshop.db")}",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}"])
        {
            // As `dotnet run --project web` does: the project folder is the working directory and the content root.
            WorkingDirectory = WebProjectFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" },
        };
        using var app = Process.Start(start)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            // No redirects followed: a missing asset must not pass as the setup page it is redirected to.
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(10),
            };
            await WaitUntilHealthy(http, app);
            foreach (var asset in Assets)
            {
                var response = await http.GetAsync(asset);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
                Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{asset} is empty.");
            }
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilHealthy(HttpClient http, Process app)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(app.HasExited, $"The app stopped with exit code {(app.HasExited ? app.ExitCode : 0)}.");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        Assert.Fail("The app did not become healthy within 60 s.");
    }

    private static string WebProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Workshop.sln"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Workshop.sln not found above the test output."), "web");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
