using System.Diagnostics;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The yardstick of bench/run.sh (bench/Workshop.Bench.Baseline, a server of the participant protocol without Orleans)
/// under the benchmark's client at a small N, in both its modes, so that it keeps speaking the protocol the client checks.
/// </summary>
public sealed class BenchmarkBaselineTests
{
    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Twenty_phones_vote_on_the_baseline_reconnect_get_their_answers_back_and_resend_with_no_vote_lost_or_duplicated(string mode)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var keyFile = Path.Combine(folder, "display-key");
        var address = new Uri($"http://127.0.0.1:{AppProcess.FreePort()}");
        using var server = Process.Start("dotnet", [BenchClient.Output("Workshop.Bench.Baseline"), $"--Urls={address}", $"--Baseline:Mode={mode}",
            $"--Baseline:Database={Path.Combine(folder, "baseline.db")}", $"--Baseline:DisplayKeyFile={keyFile}"]);
        try
        {
            await WaitUntilServing(server, address, keyFile);

            var (exitCode, report) = await BenchClient.Run(address, keyFile, server.Id, "--n", "20", "--seed", "7", "--reconnect-share", "0.25");

            Assert.True(exitCode == 0, $"The benchmark client exited with {exitCode}:\n{report}");
            Assert.Contains(" lost=0 duplicated=0 dup_acked=5/5 mine_restored=5/5 ", BenchClient.Result(report));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilServing(Process server, Uri address, string keyFile)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(server.HasExited, $"The baseline server stopped with exit code {(server.HasExited ? server.ExitCode : 0)}.");
            try
            {
                if (File.Exists(keyFile) && (await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Assert.Fail("The baseline server did not serve within 30 s.");
    }
}
