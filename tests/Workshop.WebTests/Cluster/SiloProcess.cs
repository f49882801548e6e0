using System.Diagnostics;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Cluster;

/// <summary>A standalone silo (<c>dotnet Workshop.Silo.dll</c>, README's "Several silos") on free ports; started when returned.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly DotnetProcess process;

    private SiloProcess(DotnetProcess process, int siloPort)
    {
        this.process = process;
        SiloPort = siloPort;
    }

    /// <summary>The port in the silo's Orleans address, by which the cluster's management grain names it.</summary>
    public int SiloPort { get; }

    public static async Task<SiloProcess> Start(IEnumerable<string> settings)
    {
        var siloPort = AppProcess.FreePort();
        // As `dotnet run --project silo` runs it: the project folder as working directory (it writes nothing there).
        var silo = new SiloProcess(DotnetProcess.Start(Dll(), Path.Combine(AppProcess.SolutionFolder(), "silo"),
            [.. settings, $"--Cluster:SiloPort={siloPort}", $"--Cluster:GatewayPort={AppProcess.FreePort()}"]), siloPort);
        try
        {
            // The generic host logs this line once every hosted service, the silo's included, has started: the silo is active.
            var watch = Stopwatch.StartNew();
            while (!silo.process.Printed("Application started"))
            {
                Assert.False(silo.process.HasExited, $"The silo stopped with exit code {(silo.process.HasExited ? silo.process.ExitCode : 0)}:\n{silo.process.LastLines()}");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"The silo did not start within 60 s:\n{silo.process.LastLines()}");
                await Task.Delay(100);
            }
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The silo of silo/'s own build output, in the test's configuration (built as a reference of the web app): the copy in the test
    /// output lacks the hosting assemblies, which the web app takes from the ASP.NET Core shared framework.
    /// </summary>
    private static string Dll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(AppProcess.SolutionFolder(), "silo", "bin", output.Parent!.Name, output.Name, "Workshop.Silo.dll");
    }

    /// <summary>Kills the silo hard (SIGKILL): its activations and anything it held in memory die with it.</summary>
    public Task Kill() => process.Kill();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
