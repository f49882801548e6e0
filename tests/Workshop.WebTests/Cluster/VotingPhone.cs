using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workshop.WebTests.Cluster;

/// <summary>
/// A phone as issue 10's protocol has it, through the real SignalR client: it changes its dot vote every 300-700 ms with a
/// new client id, and while an answer's outcome is unknown (a <c>retry</c> reply, a failed call) it resends the same client id
/// with backoff (0.5 s, 1 s, 2 s, 4 s, then every 5 s), at once after a reconnect and rejoin with its token.
/// </summary>
public sealed class VotingPhone : IAsyncDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)];
    /// <summary>A call that has not returned by then has an unknown outcome, as a lost reply has.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    /// <summary>How long a phone waits to be connected and rejoined before it gives up: far beyond any target, and beyond a web app's restart on a busy machine (30 s seen).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly HubConnection connection;
    private readonly int index;
    private readonly Random random;
    private readonly ConcurrentQueue<Acknowledged> acks = new();
    private readonly ConcurrentQueue<string> refusals = new();
    private TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DotVote vote = default!;
    private ImmutableDictionary<Guid, int> previous = ImmutableDictionary<Guid, int>.Empty;
    private int retryReplies, serverErrorReplies, storedDespiteServerError, failedCalls;

    private VotingPhone(Uri address, int index)
    {
        this.index = index;
        random = new Random(index);
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/workshop"))
            .WithAutomaticReconnect(new EveryHalfSecond())
            .Build();
        connection.Reconnecting += _ =>
        {
            ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return Task.CompletedTask;
        };
        connection.Reconnected += connectionId =>
        {
            _ = Task.Run(Rejoin);
            return Task.CompletedTask;
        };
    }

    public string Token { get; private set; } = "";

    /// <summary>The open dot vote, as the join's snapshot showed it.</summary>
    public DotVote Activity => vote;

    /// <summary>The answers acknowledged as stored (accepted, or a duplicate of one stored), in order.</summary>
    public IReadOnlyList<Acknowledged> Acks => [.. acks];

    public Acknowledged? LastAck => acks.LastOrDefault();

    /// <summary>Refusals with a rule's code: answers the participant would have to give again.</summary>
    public IReadOnlyList<string> Refusals => [.. refusals];

    public int RetryReplies => retryReplies;

    /// <summary>Replies that said "not stored" (<c>serverError</c>) for an outcome the server did not know: the contract has <c>retry</c>.</summary>
    public int ServerErrorReplies => serverErrorReplies;

    /// <summary>Answers answered <c>serverError</c> whose resend came back as a duplicate: "not stored" was said of a stored answer.</summary>
    public int StoredDespiteServerError => storedDespiteServerError;

    public int FailedCalls => failedCalls;

    public static async Task<VotingPhone> Join(Uri address, string code, int index)
    {
        var phone = new VotingPhone(address, index);
        await phone.connection.StartAsync();
        var value = Value(await phone.connection.InvokeAsync<JsonElement>("join", new { code, language = "en" }));
        phone.Token = value.GetProperty("token").GetString()!;
        phone.vote = DotVote.From(value.GetProperty("workshop"));
        phone.ready.TrySetResult();
        return phone;
    }

    /// <summary>Answers again and again until <paramref name="stop"/>; then delivers the answer on its way and returns.</summary>
    public async Task Vote(CancellationToken stop)
    {
        await Task.Delay(random.Next(0, 700));
        for (var number = 1; !stop.IsCancellationRequested; number++)
        {
            await Deliver($"{index}-{number}", NextDots());
            await Task.Delay(random.Next(300, 700));
        }
    }

    /// <summary>A new answer, never the same as the previous one, so that each accepted answer changes the tally.</summary>
    private ImmutableDictionary<Guid, int> NextDots()
    {
        while (true)
        {
            var dots = ImmutableDictionary<Guid, int>.Empty;
            for (var total = random.Next(1, vote.Budget + 1); total > 0;)
            {
                var item = vote.Items[random.Next(vote.Items.Count)];
                if (dots.GetValueOrDefault(item) >= vote.MaxPerItem) continue;
                dots = dots.SetItem(item, dots.GetValueOrDefault(item) + 1);
                total--;
            }
            if (!DotVote.Same(dots, previous)) return previous = dots;
        }
    }

    private async Task Deliver(string clientId, ImmutableDictionary<Guid, int> dots)
    {
        var message = new { activityId = vote.ActivityId, round = vote.Round, clientId, dots = dots.ToDictionary(d => d.Key.ToString(), d => d.Value) };
        var serverErrorBefore = false;
        for (var attempt = 0; ; attempt++)
        {
            await WhenReady();
            JsonElement reply;
            try
            {
                reply = await connection.InvokeAsync<JsonElement>("answer", message).WaitAsync(CallTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref failedCalls);
                // A dropped connection: resend at once after the reconnect and rejoin; otherwise after the backoff.
                if (connection.State == HubConnectionState.Connected) await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)]);
                continue;
            }
            if (reply.GetProperty("ok").GetBoolean())
            {
                var ack = reply.GetProperty("value");
                if (!ack.GetProperty("accepted").GetBoolean())
                {
                    refusals.Enqueue(ack.GetProperty("error").GetString() ?? "?");
                    return;
                }
                var duplicate = ack.GetProperty("duplicate").GetBoolean();
                acks.Enqueue(new Acknowledged(clientId, dots, Stopwatch.GetTimestamp(), duplicate));
                if (duplicate && serverErrorBefore) Interlocked.Increment(ref storedDespiteServerError);
                return;
            }
            var code = reply.GetProperty("error").GetProperty("code").GetString();
            if (code is not ("retry" or "serverError"))
            {
                refusals.Enqueue(code ?? "?");
                return;
            }
            // serverError is today's reply to an unknown outcome: counted against the contract, and resent like retry so that the other figures still show.
            if (code == "retry") Interlocked.Increment(ref retryReplies);
            else
            {
                Interlocked.Increment(ref serverErrorReplies);
                serverErrorBefore = true;
            }
            await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)]);
        }
    }

    /// <summary>Waits until the connection is up and the phone has rejoined on it (a new connection knows no participant).</summary>
    private async Task WhenReady()
    {
        while (true)
        {
            var current = ready;
            if (current.Task.IsCompleted && connection.State == HubConnectionState.Connected) return;
            if (current.Task.IsCompleted) await Task.Delay(50); // the connection dropped; its Reconnecting event is on its way
            else await current.Task.WaitAsync(Patience);
        }
    }

    private async Task Rejoin()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var reply = await connection.InvokeAsync<JsonElement>("rejoin", new { token = Token, lastVersion = 0 }).WaitAsync(CallTimeout);
                if (reply.GetProperty("ok").GetBoolean())
                {
                    ready.TrySetResult();
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException) { }
            if (connection.State != HubConnectionState.Connected) return; // the next Reconnected rejoins
            await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)]);
        }
    }

    private static JsonElement Value(JsonElement reply)
    {
        Assert.True(reply.GetProperty("ok").GetBoolean(), $"The call failed: {reply}");
        return reply.GetProperty("value");
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>An acknowledged answer and when its acknowledgement arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public sealed record Acknowledged(string ClientId, ImmutableDictionary<Guid, int> Dots, long At, bool Duplicate);

    /// <summary>Reconnects at once, then every half second: a phone in the room keeps trying while the page is open.</summary>
    private sealed class EveryHalfSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            context.ElapsedTime > Patience ? null : context.PreviousRetryCount == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(0.5);
    }
}

/// <summary>The open dot vote as a snapshot shows it to the phones.</summary>
public sealed record DotVote(Guid ActivityId, int Round, ImmutableList<Guid> Items, int Budget, int MaxPerItem)
{
    public static DotVote From(JsonElement snapshot)
    {
        var current = snapshot.GetProperty("current");
        var definition = current.GetProperty("definition");
        Assert.Equal("dotVote", definition.GetProperty("kind").GetString());
        return new DotVote(definition.GetProperty("id").GetGuid(), current.GetProperty("round").GetInt32(),
            current.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToImmutableList(),
            definition.GetProperty("dotBudget").GetInt32(), definition.GetProperty("maxDotsPerItem").GetInt32());
    }

    /// <summary>A snapshot's live tally of the current dot vote: dots per item (items without dots left out).</summary>
    public static ImmutableDictionary<Guid, int> Tally(JsonElement snapshot) =>
        snapshot.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.Object
        && current.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
        && results.TryGetProperty("dotVote", out var dotVote) && dotVote.ValueKind == JsonValueKind.Object
            ? dotVote.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("dots").GetInt32() > 0)
                .ToImmutableDictionary(i => i.GetProperty("item").GetGuid(), i => i.GetProperty("dots").GetInt32())
            : ImmutableDictionary<Guid, int>.Empty;

    public static bool Same(IReadOnlyDictionary<Guid, int> a, IReadOnlyDictionary<Guid, int> b) =>
        a.Where(d => d.Value != 0).OrderBy(d => d.Key).SequenceEqual(b.Where(d => d.Value != 0).OrderBy(d => d.Key));

    /// <summary>Dots per item as text, e.g. for a failure message.</summary>
    public static string Describe(IReadOnlyDictionary<Guid, int> dots) =>
        string.Join(", ", dots.Where(d => d.Value != 0).OrderBy(d => d.Key).Select(d => $"{d.Key.ToString()[..8]}={d.Value}"));
}
