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
    public async Task Forty_phones_join_the_demo_workshop_vote_reconnect_get_their_answers_back_and_resend_with_no_vote_lost_or_duplicated()
    {
        Assert.True(File.Exists(keyFile), "The demo workshop did not write its display key.");

        var (exitCode, report) = await BenchClient.Run(address, keyFile, Environment.ProcessId, "--n", "40", "--seed", "7", "--reconnect-share", "0.25");

        Assert.True(exitCode == 0, $"The benchmark client exited with {exitCode}:\n{report}");
        Assert.Contains(" lost=0 duplicated=0 dup_acked=10/10 mine_restored=10/10 ", BenchClient.Result(report));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();
}
