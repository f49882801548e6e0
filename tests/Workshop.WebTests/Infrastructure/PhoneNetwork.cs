using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Workshop.WebTests.Infrastructure;

/// <summary>
/// A phone page's network under the test's control: offline through Playwright (no new request, no new socket) with the live
/// hub socket closed at once, as when a phone loses its network. Every hub call the page makes is recorded, and
/// <see cref="Reply"/> decides what of the server's reply to a call reaches the page (a reply lost on the way, or another one).
/// </summary>
public sealed class PhoneNetwork
{
    private const char RecordSeparator = '\u001e';
    private readonly IPage page;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private IWebSocketRoute? socket;
    private bool offline;

    private PhoneNetwork(IPage page) => this.page = page;

    /// <summary>The hub calls the page sent: target, its one argument, and when (since the network was set up).</summary>
    public ConcurrentQueue<(string Target, JsonNode Argument, TimeSpan At)> Calls { get; } = new();

    /// <summary>Given a call's target and the server's completion message, what reaches the page (null: nothing).</summary>
    public Func<string, JsonNode, JsonNode?> Reply { get; set; } = (_, completion) => completion;

    public static async Task<PhoneNetwork> Of(IPage page)
    {
        var network = new PhoneNetwork(page);
        await page.RouteWebSocketAsync(new Regex("/hubs/workshop"), network.Route);
        return network;
    }

    public IEnumerable<JsonNode> Sent(string target) => Calls.Where(c => c.Target == target).Select(c => c.Argument);

    public async Task GoOffline()
    {
        offline = true;
        await page.Context.SetOfflineAsync(true);
        if (socket is { } live) await live.CloseAsync();
    }

    public async Task GoOnline()
    {
        offline = false;
        await page.Context.SetOfflineAsync(false);
    }

    private void Route(IWebSocketRoute ws)
    {
        if (offline) { _ = ws.CloseAsync(); return; }
        socket = ws;
        var server = ws.ConnectToServer();
        var targets = new ConcurrentDictionary<string, string>(); // invocation id -> target, per connection
        ws.OnMessage(frame =>
        {
            foreach (var message in Records(frame.Text))
                if (message["type"]?.GetValue<int>() == 1 && message["invocationId"]?.GetValue<string>() is { } id)
                {
                    var target = message["target"]!.GetValue<string>();
                    targets[id] = target;
                    Calls.Enqueue((target, message["arguments"]![0]!, clock.Elapsed));
                }
            server.Send(frame.Text!);
        });
        server.OnMessage(frame =>
        {
            var passed = Records(frame.Text)
                .Select(m => m["type"]?.GetValue<int>() == 3 && targets.TryGetValue(m["invocationId"]!.GetValue<string>(), out var target) ? Reply(target, m) : m)
                .OfType<JsonNode>().ToList();
            if (passed.Count > 0) ws.Send(string.Concat(passed.Select(m => m.ToJsonString() + RecordSeparator)));
        });
    }

    private static IEnumerable<JsonNode> Records(string? frame) =>
        (frame ?? "").Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).Select(r => JsonNode.Parse(r)!);
}
