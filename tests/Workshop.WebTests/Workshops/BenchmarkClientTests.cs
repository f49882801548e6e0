using System.Diagnostics;
using System.Reflection;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The benchmark's client (bench/Workshop.Bench, written from docs/participant-protocol.md) against the real app in demo
/// mode, at a small N: it keeps the client and the protocol in step, and checks that no vote is lost or duplicated.
/// </summary>
public sealed class BenchmarkClientTests : IAsyncLifetime
{
    private WorkshopApp app = default!;
    private Uri address = default!;
    private string keyFile = default!;

    public Task InitializeAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));
        keyFile = Path.Combine(folder, "display-key");
        app = new WorkshopApp(new Dictionary<string, string?> { ["Workshop:Demo"] = "true", ["Workshop:DemoDisplayKeyFile"] = keyFile }, folder);
        address = app.StartKestrel();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Forty_phones_join_the_demo_workshop_vote_reconnect_and_resend_with_no_vote_lost_or_duplicated()
    {
        Assert.True(File.Exists(keyFile), "The demo workshop did not write its display key.");
        var start = new ProcessStartInfo("dotnet", [BenchClient(), "run", "--url", address.ToString(), "--n", "40", "--key-file", keyFile,
            "--server-pid", Environment.ProcessId.ToString(), "--seed", "7", "--reconnect-share", "0.25"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var client = Process.Start(start)!;
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await client.WaitForExitAsync(timeout.Token);

        var report = await output + await errors;
        Assert.True(client.ExitCode == 0, $"The benchmark client exited with {client.ExitCode}:\n{report}");
        var result = report.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        Assert.Contains(" lost=0 duplicated=0 dup_acked=10/10 ", result);
    }

    private static string BenchClient()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Workshop.sln"))) folder = folder.Parent;
        var configuration = typeof(BenchmarkClientTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        return Path.Combine(folder!.FullName, "bench", "Workshop.Bench", "bin", configuration, "net10.0", "Workshop.Bench.dll");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();
}
