using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workshop.WebTests.Infrastructure;

/// <summary>
/// The built app run as its own process in Production, as `dotnet run --project web -- …` does (the web project folder
/// as working directory and content root), on a free loopback port and a data folder of its own; healthy when returned.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="arguments">Further command-line settings, e.g. <c>--Workshop:Demo=true</c>.</param>
    public static async Task<AppProcess> Start(params string[] arguments)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Workshop.Web.dll"),
            .. arguments, $"--Urls=http://127.0.0.1:{port}", $"--ConnectionStrings:Workshop=Data Source={Path.Combine(folder, "workshop.db")}",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}"])
        {
            WorkingDirectory = WebProjectFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" },
        };
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await app.WaitUntilHealthy(output);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthy(IEnumerable<string> output)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            // The app's own last lines say why it stopped (e.g. a demo user it could not create).
            Assert.False(process.HasExited, $"The app stopped with exit code {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join('\n', output.TakeLast(20))}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        Assert.Fail("The app did not become healthy within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>The folder of the solution (where README.md is).</summary>
    public static string SolutionFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Workshop.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Workshop.sln not found above the test output.");
    }

    private static string WebProjectFolder() => Path.Combine(SolutionFolder(), "web");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
