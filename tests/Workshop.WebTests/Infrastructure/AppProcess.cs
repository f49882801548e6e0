using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workshop.WebTests.Infrastructure;

/// <summary>
/// The built app run as its own process in Production, as `dotnet run --project web -- …` does (the web project folder
/// as working directory and content root), on a loopback port and a data folder of its own; healthy when returned.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly DotnetProcess process;

    private AppProcess(DotnetProcess process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The web app of the test's build output.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Workshop.Web.dll");

    /// <param name="arguments">Further command-line settings, e.g. <c>--Workshop:Demo=true</c>.</param>
    public static Task<AppProcess> Start(params string[] arguments) => StartOn(FreePort(), arguments);

    /// <summary>On a given port, e.g. the port of an app that was killed; <paramref name="arguments"/> override the defaults (the last value of a setting wins).</summary>
    public static async Task<AppProcess> StartOn(int port, params string[] arguments)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var process = DotnetProcess.Start(Dll, WebProjectFolder(), [$"--Urls=http://127.0.0.1:{port}",
            $"--ConnectionStrings:Workshop=Data Source={Path.Combine(folder, "workshop.db")}", $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}",
            .. arguments]);
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await app.WaitUntilHealthy();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthy()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            // The app's own last lines say why it stopped (e.g. a demo user it could not create).
            Assert.False(process.HasExited, $"The app stopped with exit code {(process.HasExited ? process.ExitCode : 0)}:\n{process.LastLines()}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        Assert.Fail($"The app did not become healthy within 60 s:\n{process.LastLines()}");
    }

    /// <summary>Kills the app hard (SIGKILL), as a crash of its machine would.</summary>
    public Task Kill() => process.Kill();

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>The folder of the solution (where README.md is).</summary>
    public static string SolutionFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Workshop.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Workshop.sln not found above the test output.");
    }

    public static string WebProjectFolder() => Path.Combine(SolutionFolder(), "web");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
