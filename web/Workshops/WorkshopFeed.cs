using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Workshop.Grains.Workshops;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Workshops;

/// <summary>
/// This web node's window on live workshops: one grain observer per workshop (GPSTracker's pattern),
/// fanning each coalesced snapshot out to the Blazor pages that watch it and to the phones' SignalR group.
/// Phones get a push when what they may see changes; results at most once a second.
/// </summary>
public sealed class WorkshopFeed(IGrainFactory grains, IHubContext<WorkshopHub> hub, TimeProvider clock, WorkshopMetrics metrics, ILogger<WorkshopFeed> logger) : IAsyncDisposable
{
    private static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ParticipantResultsEvery = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, Lazy<Task<Watched>>> watched = new();
    private readonly IHubContext<WorkshopHub> phones = hub;
    private readonly TimeProvider time = clock;
    private readonly ILogger log = logger;
    private readonly WorkshopMetrics metrics = metrics;

    /// <summary>Starts observing a workshop on this node (idempotent).</summary>
    public Task Watch(Guid workshopId) => watched.GetOrAdd(workshopId, id => new Lazy<Task<Watched>>(() => Start(id))).Value;

    /// <summary>Calls <paramref name="onSnapshot"/> with every snapshot of the workshop until disposed.</summary>
    public async Task<IDisposable> Subscribe(Guid workshopId, Func<WorkshopSnapshot, Task> onSnapshot)
    {
        await Watch(workshopId);
        var entry = await watched[workshopId].Value;
        return entry.Add(onSnapshot);
    }

    private async Task<Watched> Start(Guid workshopId)
    {
        var entry = new Watched(workshopId, this);
        entry.Reference = grains.CreateObjectReference<IWorkshopObserver>(entry);
        await grains.GetGrain<IRoomGrain>(workshopId).Subscribe(entry.Reference);
        entry.Renewal = new Timer(_ => _ = Renew(entry), null, Resubscribe, Resubscribe);
        return entry;
    }

    private async Task Renew(Watched entry)
    {
        try { await grains.GetGrain<IRoomGrain>(entry.WorkshopId).Subscribe(entry.Reference); }
        catch (Exception e) { log.LogWarning(e, "Could not renew the subscription to workshop {Workshop}", entry.WorkshopId); }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in watched.Values.Where(w => w.IsValueCreated))
        {
            var watchedEntry = await entry.Value;
            await watchedEntry.Renewal.DisposeAsync();
            grains.DeleteObjectReference<IWorkshopObserver>(watchedEntry.Reference);
        }
    }

    private sealed class Watched(Guid workshopId, WorkshopFeed feed) : IWorkshopObserver
    {
        private readonly object gate = new();
        private ImmutableArray<Func<WorkshopSnapshot, Task>> handlers = [];
        private WorkshopSnapshot? lastSentToPhones;
        private DateTimeOffset lastContentToPhones;
        private WorkshopSnapshot? latestForPhones;

        public Guid WorkshopId { get; } = workshopId;
        public IWorkshopObserver Reference { get; set; } = default!;
        public Timer Renewal { get; set; } = default!;

        public IDisposable Add(Func<WorkshopSnapshot, Task> handler)
        {
            ImmutableInterlocked.Update(ref handlers, h => h.Add(handler));
            return new Unsubscriber(() => ImmutableInterlocked.Update(ref handlers, h => h.Remove(handler)));
        }

        public Task Heartbeat(long version) => Task.CompletedTask;

        public async Task SnapshotChanged(WorkshopSnapshot snapshot)
        {
            foreach (var handler in handlers)
            {
                try { await handler(snapshot); }
                catch (Exception e) { feed.log.LogWarning(e, "A page failed to take a snapshot of workshop {Workshop}", WorkshopId); }
            }
            // Displays get every snapshot with its results (the grain already coalesces them to about 10 a second).
            try
            {
                await feed.phones.Clients.Group(WorkshopHub.DisplayGroup(WorkshopId)).SendAsync("display", snapshot);
                feed.metrics.SnapshotPushed("displays");
            }
            catch (Exception e) { feed.log.LogWarning(e, "Could not send a snapshot of workshop {Workshop} to its displays", WorkshopId); }
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
                if (sameState && feed.time.GetUtcNow() - lastContentToPhones < ParticipantResultsEvery)
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
            await Task.Delay(ParticipantResultsEvery);
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
            lastContentToPhones = feed.time.GetUtcNow();
            latestForPhones = null;
        }

        private async Task SendToPhones(WorkshopSnapshot snapshot)
        {
            await feed.phones.Clients.Group(WorkshopHub.Group(WorkshopId)).SendAsync("snapshot", snapshot);
            feed.metrics.SnapshotPushed("phones");
        }

        private static bool SameActivityState(ActivityView? a, ActivityView? b) =>
            a is null || b is null ? a == b
            : a.Definition.Id == b.Definition.Id && a.Status == b.Status && a.Round == b.Round && a.Revealed == b.Revealed && a.Locked == b.Locked && a.TimerEndsAt == b.TimerEndsAt;
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
