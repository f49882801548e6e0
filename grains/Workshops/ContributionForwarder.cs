using System.Collections.Immutable;
using System.Threading.Channels;

namespace Workshop.Grains.Workshops;

/// <summary>
/// One per silo: takes the tally contributions of that silo's participants and hands them to their rooms in batches
/// (group commit: whatever waits while a batch is on its way goes in the next), so a burst of votes reaches each room
/// as a few calls. Contributions are versioned and idempotent, so a batch that failed is simply sent again.
/// </summary>
public sealed class ContributionForwarder(IGrainFactory grains, ILogger<ContributionForwarder> logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(250);
    private readonly Channel<(Guid WorkshopId, TallyContribution Contribution)> queue =
        Channel.CreateUnbounded<(Guid, TallyContribution)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object gate = new();
    private Task? loop;

    public void Add(Guid workshopId, TallyContribution contribution)
    {
        queue.Writer.TryWrite((workshopId, contribution));
        lock (gate) loop ??= Task.Run(Run);
    }

    private async Task Run()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            var batch = new List<(Guid WorkshopId, TallyContribution Contribution)>();
            while (queue.Reader.TryRead(out var next)) batch.Add(next);
            await Task.WhenAll(batch.GroupBy(c => c.WorkshopId).Select(w => Send(w.Key, [.. w.Select(c => c.Contribution)])));
        }
    }

    private async Task Send(Guid workshopId, ImmutableList<TallyContribution> contributions)
    {
        try
        {
            await grains.GetGrain<IRoomGrain>(workshopId).Contribute(contributions);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not hand {Count} tally contributions to workshop {Workshop}; sending them again", contributions.Count, workshopId);
            _ = Task.Delay(RetryAfter).ContinueWith(_ => contributions.ForEach(c => Add(workshopId, c)), TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null) await loop;
    }
}
