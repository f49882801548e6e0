using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>
/// One workshop a <see cref="WorkshopFeed"/> watches: the grain observer that fans each snapshot out to the Blazor pages
/// holding a lease, to the displays and to the phones' SignalR group; what the feed's check should do with it follows its <see cref="WatchRules"/>.
/// Phones get a push when what they may see changes; results at most once a second.
/// </summary>
internal sealed class WatchedWorkshop : IWorkshopObserver
{
    private static readonly TimeSpan ParticipantResultsEvery = TimeSpan.FromSeconds(1);
    private readonly WorkshopFeed feed;
    private readonly Lazy<Task> started;
    private readonly object gate = new();
    private readonly WatchRules rules;
    private ImmutableArray<Func<WorkshopSnapshot, Task>> pages = [];
    private WorkshopSnapshot? lastSentToPhones;
    private DateTimeOffset lastContentToPhones;
    private WorkshopSnapshot? latestForPhones;

    public WatchedWorkshop(Guid workshopId, WorkshopFeed feed, TimeSpan linger)
    {
        WorkshopId = workshopId;
        this.feed = feed;
        started = new Lazy<Task>(() => feed.Start(this));
        rules = new WatchRules(feed.Clock.GetUtcNow(), linger);
    }

    public Guid WorkshopId { get; }
    public IWorkshopObserver Reference { get; set; } = default!;

    /// <summary>The first subscription (made by the first lease).</summary>
    public Task Started => started.Value;

    /// <summary>A new lease, or null when the workshop is being let go (the feed then watches it afresh).</summary>
    public WorkshopLease? Lease(Func<WorkshopSnapshot, Task>? onSnapshot)
    {
        lock (gate)
        {
            if (!rules.Lease()) return null;
            if (onSnapshot is not null) pages = pages.Add(onSnapshot);
        }
        return new WorkshopLease(WorkshopId, () =>
        {
            lock (gate)
            {
                if (onSnapshot is not null) pages = pages.Remove(onSnapshot);
                rules.Return(feed.Clock.GetUtcNow());
            }
        });
    }

    public WatchRules.Chore Due(DateTimeOffset now)
    {
        lock (gate) return rules.Due(now);
    }

    public void Idle()
    {
        lock (gate) rules.Idle();
    }

    public void Subscribed(DateTimeOffset now)
    {
        lock (gate) rules.Subscribed(now);
    }

    public void Failed(DateTimeOffset now)
    {
        lock (gate) rules.Failed(now);
    }

    public Task Heartbeat(long version)
    {
        lock (gate) rules.Heartbeat(version, feed.Clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task SnapshotChanged(WorkshopSnapshot snapshot)
    {
        lock (gate) rules.Snapshot(snapshot.Version, feed.Clock.GetUtcNow());
        foreach (var page in pages)
        {
            try { await page(snapshot); }
            catch (Exception e) { feed.Log.LogWarning(e, "A page failed to take a snapshot of workshop {Workshop}", WorkshopId); }
        }
        // Displays get every snapshot with its results (the grain already coalesces them to about 10 a second).
        try
        {
            await feed.Hub.Clients.Group(WorkshopHub.DisplayGroup(WorkshopId)).SendAsync("display", snapshot);
            feed.Metrics.SnapshotPushed("displays");
        }
        catch (Exception e) { feed.Log.LogWarning(e, "Could not send a snapshot of workshop {Workshop} to its displays", WorkshopId); }
        var forPhones = snapshot.ForParticipants();
        switch (Decide(forPhones))
        {
            case PhonePush.Now:
                await SendToPhones(forPhones);
                break;
            case PhonePush.Later:
                _ = SendLatestLater();
                break;
        }
    }

    private enum PhonePush { Skip, Now, Later }

    /// <summary>
    /// Push when the activity or its state changed; when only revealed results or a board moved, at most once a
    /// second, and then the latest one at the end of that second, so the last change always arrives.
    /// </summary>
    private PhonePush Decide(WorkshopSnapshot next)
    {
        lock (gate)
        {
            var previous = lastSentToPhones;
            // The participant count is left out: a join must not send a message to every phone (no N squared).
            var sameState = previous is not null && previous.Status == next.Status && SameActivityState(previous.Current, next.Current);
            var movingContent = next.Current?.Results is not null || next.Current?.Board is not null;
            if (sameState && !movingContent) return PhonePush.Skip;
            if (sameState && feed.Clock.GetUtcNow() - lastContentToPhones < ParticipantResultsEvery)
            {
                var alreadyScheduled = latestForPhones is not null;
                latestForPhones = next;
                return alreadyScheduled ? PhonePush.Skip : PhonePush.Later;
            }
            Sent(next);
            return PhonePush.Now;
        }
    }

    private async Task SendLatestLater()
    {
        await Task.Delay(ParticipantResultsEvery, feed.Clock);
        WorkshopSnapshot? latest;
        lock (gate)
        {
            latest = latestForPhones;
            if (latest is not null) Sent(latest);
        }
        if (latest is not null) await SendToPhones(latest);
    }

    private void Sent(WorkshopSnapshot snapshot)
    {
        lastSentToPhones = snapshot;
        lastContentToPhones = feed.Clock.GetUtcNow();
        latestForPhones = null;
    }

    private async Task SendToPhones(WorkshopSnapshot snapshot)
    {
        await feed.Hub.Clients.Group(WorkshopHub.Group(WorkshopId)).SendAsync("snapshot", snapshot);
        feed.Metrics.SnapshotPushed("phones");
    }

    private static bool SameActivityState(ActivityView? a, ActivityView? b) =>
        a is null || b is null ? a == b
        : a.Definition.Id == b.Definition.Id && a.Status == b.Status && a.Round == b.Round && a.Revealed == b.Revealed && a.Locked == b.Locked && a.TimerEndsAt == b.TimerEndsAt;
}
