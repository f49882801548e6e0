using System.Diagnostics;
using System.Reflection;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops;

/// <summary>Runs the benchmark's client (bench/Workshop.Bench) as its own process against a server, as bench/run.sh does.</summary>
public static class BenchClient
{
    /// <summary>The client's exit code and its whole output (the RESULT line included).</summary>
    public static async Task<(int ExitCode, string Report)> Run(Uri server, string keyFile, int serverPid, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet", [Output("Workshop.Bench"), "run", "--url", server.ToString(), "--key-file", keyFile,
            "--server-pid", serverPid.ToString(), .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var client = Process.Start(start)!;
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await client.WaitForExitAsync(timeout.Token);
        return (client.ExitCode, await output + await errors);
    }

    public static string Result(string report) => report.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));

    /// <summary>The built dll of a project under bench/, in the tests' own configuration.</summary>
    public static string Output(string project)
    {
        var configuration = typeof(BenchClient).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        return Path.Combine(AppProcess.SolutionFolder(), "bench", project, "bin", configuration, "net10.0", project + ".dll");
    }
}
