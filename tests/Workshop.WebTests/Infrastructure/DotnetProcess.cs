using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workshop.WebTests.Infrastructure;

/// <summary>An app of the solution's build output (<c>dotnet X.dll …</c>) run in Production as its own OS process; its output is kept for failure messages.</summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private DotnetProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static DotnetProcess Start(string dll, string workingDirectory, IEnumerable<string> arguments) =>
        new(Process.Start(new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" },
        })!);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public bool Printed(string text) => output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The last lines the process printed: why it stopped or did not start.</summary>
    public string LastLines(int count = 20) => string.Join('\n', output.TakeLast(count));

    public async Task WaitForExit(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine under the process dies.</summary>
    public async Task Kill()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
