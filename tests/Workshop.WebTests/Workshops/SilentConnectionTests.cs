using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops;

/// <summary>Raw WebSockets that hold a connection and say nothing are closed by the server (here after 2 s of silence, 1 s before the handshake).</summary>
public sealed class SilentConnectionTests : IAsyncLifetime
{
    private const int SilenceSeconds = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WorkshopApp app = new(new Dictionary<string, string?> { [WorkshopHubSetup.SilenceSetting] = SilenceSeconds.ToString() });
    private Uri hub = default!;

    public Task InitializeAsync()
    {
        var address = app.StartKestrel();
        hub = new Uri($"ws://{address.Authority}{WorkshopHub.Path}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_socket_that_never_sends_the_handshake_or_falls_silent_after_a_message_is_closed_by_the_server()
    {
        using var neverGreets = new ClientWebSocket();
        using var fallsSilent = new ClientWebSocket();
        await neverGreets.ConnectAsync(hub, CancellationToken.None);
        await fallsSilent.ConnectAsync(hub, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await Send(fallsSilent, "{\"protocol\":\"json\",\"version\":1}\u001e");
        await Send(fallsSilent, "{\"type\":6}\u001e");

        var (ungreeted, silent) = (ClosedAfter(neverGreets, watch), ClosedAfter(fallsSilent, watch));
        var (neverGreeted, fellSilent) = (await ungreeted, await silent);

        Console.WriteLine($"Closed after {neverGreeted.At.TotalSeconds:0.0} s without a handshake, {fellSilent.At.TotalSeconds:0.0} s after a ping.");
        Assert.Equal(["{\"error\":\"Handshake was canceled.\"}\u001e"], neverGreeted.Received);
        Assert.Equal("{}\u001e", fellSilent.Received.FirstOrDefault());
        Assert.InRange(neverGreeted.At, TimeSpan.FromSeconds(SilenceSeconds / 2.0 - 0.2), Patience);
        Assert.InRange(fellSilent.At, TimeSpan.FromSeconds(SilenceSeconds - 0.2), Patience);
    }

    private static Task Send(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads what the server sends until it closes the socket; fails when it is still open after <see cref="Patience"/>.</summary>
    private static async Task<(TimeSpan At, List<string> Received)> ClosedAfter(ClientWebSocket socket, Stopwatch watch)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var received = new List<string>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                received.Add(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        catch (WebSocketException)
        {
            // The server may drop the connection without a closing handshake: closed all the same.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server kept a silent socket open for {Patience.TotalSeconds} s; it sent {string.Join(" | ", received)}, state {socket.State}.");
        }
        return (watch.Elapsed, received);
    }
}
