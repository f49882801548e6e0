using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workshop.WebTests.Cluster;

/// <summary>
/// A projector on the display channel (<c>watchDisplay</c> with the display key), through the real SignalR client: it records
/// every snapshot it receives, the reply to its watch included, with the time it arrived; after a reconnect it watches again.
/// </summary>
public sealed class DisplayScreen : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly object watch;
    private readonly ConcurrentQueue<Received> snapshots = new();

    private DisplayScreen(Uri address, Guid workshopId, string key)
    {
        watch = new { workshopId, key };
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/workshop"))
            .WithAutomaticReconnect([TimeSpan.Zero, .. Enumerable.Repeat(TimeSpan.FromSeconds(0.5), 180)])
            .Build();
        connection.On<JsonElement>("display", Record);
        connection.Reconnected += connectionId =>
        {
            _ = Task.Run(Watch);
            return Task.CompletedTask;
        };
    }

    /// <summary>Every snapshot received so far, in order of arrival.</summary>
    public IReadOnlyList<Received> Snapshots => [.. snapshots];

    public static async Task<DisplayScreen> Start(Uri address, Guid workshopId, string key)
    {
        var display = new DisplayScreen(address, workshopId, key);
        await display.connection.StartAsync();
        await display.Watch();
        Assert.NotEmpty(display.Snapshots);
        return display;
    }

    /// <summary>The first snapshot received after <paramref name="timestamp"/>, or null.</summary>
    public Received? FirstAfter(long timestamp) => snapshots.FirstOrDefault(s => s.At > timestamp);

    private async Task Watch()
    {
        for (var attempt = 0; attempt < 20 && connection.State == HubConnectionState.Connected; attempt++)
        {
            try
            {
                var reply = await connection.InvokeAsync<JsonElement>("watchDisplay", watch).WaitAsync(TimeSpan.FromSeconds(10));
                if (reply.GetProperty("ok").GetBoolean())
                {
                    Record(reply.GetProperty("value"));
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException) { }
            await Task.Delay(500);
        }
    }

    private void Record(JsonElement snapshot) =>
        snapshots.Enqueue(new Received(Stopwatch.GetTimestamp(), DotVote.Tally(snapshot)));

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>A snapshot's live tally (dots per item), and when it arrived.</summary>
    public sealed record Received(long At, ImmutableDictionary<Guid, int> Tally);
}
