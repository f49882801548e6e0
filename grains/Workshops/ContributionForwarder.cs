using System.Diagnostics;
using System.Threading.Channels;

namespace Workshop.Grains.Workshops;

/// <summary>
/// One per silo: takes the tally contributions of that silo's participants and hands them to their rooms in batches
/// (group commit: whatever waits while a batch is on its way goes in the next), so a burst of votes reaches each room
/// as a few calls. Contributions are versioned and idempotent, so a batch that failed is simply queued again, a few times.
/// Batches start at least <see cref="Gather"/> apart: a lone answer goes at once, a burst's go many to a call.
/// </summary>
public sealed class ContributionForwarder(IGrainFactory grains, ILogger<ContributionForwarder> logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(250);
    /// <summary>A tenth of the room's snapshot tick: a burst's contributions wait at most this, and a room gets at most 100 calls a second from a silo.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(10);
    /// <summary>About 5 s: a room unreachable longer is on a silo that is going, and its next activation counts the tally from the stored answers.</summary>
    private const int MaxAttempts = 20;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object gate = new();
    private Task? loop;

    private sealed record Pending(Guid WorkshopId, TallyContribution Contribution, int Attempt);

    public void Add(Guid workshopId, TallyContribution contribution) => Enqueue(new Pending(workshopId, contribution, 1));

    private void Enqueue(Pending pending)
    {
        queue.Writer.TryWrite(pending);
        lock (gate) loop ??= Task.Run(Run);
    }

    private async Task Run()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            var batch = new List<Pending>();
            while (queue.Reader.TryRead(out var next)) batch.Add(next);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(batch.GroupBy(p => p.WorkshopId).Select(w => Send(w.Key, [.. w])));
            if (Gather - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest) await Task.Delay(rest);
        }
    }

    private async Task Send(Guid workshopId, IReadOnlyList<Pending> pending)
    {
        try
        {
            await grains.GetGrain<IRoomGrain>(workshopId).Contribute([.. pending.Select(p => p.Contribution)]);
        }
        catch (ObjectDisposedException)
        {
            // The silo is stopping (a batch gathered while it began): the room's next activation counts the tally from the stored answers.
        }
        catch (Exception e)
        {
            var again = pending.Where(p => p.Attempt < MaxAttempts).Select(p => p with { Attempt = p.Attempt + 1 }).ToList();
            logger.LogWarning(e, "Could not hand {Count} tally contributions to workshop {Workshop}; {Again} go again", pending.Count, workshopId, again.Count);
            if (again.Count > 0) _ = Task.Delay(RetryAfter).ContinueWith(_ => again.ForEach(Enqueue), TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null) await loop;
    }
}
