using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Workshop.Grains.Workshops;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Workshops;

/// <summary>
/// This web node's window on live workshops: one grain observer per watched workshop (GPSTracker's pattern), held while
/// anyone on this node holds a <see cref="WorkshopLease"/> on it (a phone's or display's connection, a Blazor page) and
/// for <see cref="LingerSetting"/> seconds after the last one goes, so a reload does not churn. One timer per node
/// notices a workshop that fell silent (no snapshot and no heartbeat for <see cref="WatchRules.SilenceAfter"/>, e.g. its
/// silo died), subscribes again and pushes the current snapshot; it also renews the subscriptions and lets released workshops go.
/// </summary>
public sealed class WorkshopFeed : IAsyncDisposable
{
    public const string LingerSetting = "Workshop:FeedLingerSeconds";
    public const int DefaultLingerSeconds = 10;
    /// <summary>A call to a silo that just died may hang until Orleans' response timeout; give up on it sooner and try again.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, WatchedWorkshop> workshops = new();
    private readonly IGrainFactory grains;
    private readonly TimeSpan linger;
    private readonly ITimer checks;

    public WorkshopFeed(IGrainFactory grains, IHubContext<WorkshopHub> hub, TimeProvider clock, WorkshopMetrics metrics, ILogger<WorkshopFeed> logger, IConfiguration configuration)
    {
        this.grains = grains;
        Hub = hub;
        Clock = clock;
        Metrics = metrics;
        Log = logger;
        linger = TimeSpan.FromSeconds(configuration.GetValue(LingerSetting, DefaultLingerSeconds));
        checks = clock.CreateTimer(_ => Check(), null, CheckEvery, CheckEvery);
    }

    internal IHubContext<WorkshopHub> Hub { get; }
    internal TimeProvider Clock { get; }
    internal WorkshopMetrics Metrics { get; }
    internal ILogger Log { get; }

    /// <summary>Keeps the workshop's pushes to its phones and displays coming to this node until the lease is disposed.</summary>
    public Task<WorkshopLease> Watch(Guid workshopId) => Subscribe(workshopId, null);

    /// <summary>Calls <paramref name="onSnapshot"/> with every snapshot of the workshop until the lease is disposed.</summary>
    public async Task<WorkshopLease> Subscribe(Guid workshopId, Func<WorkshopSnapshot, Task>? onSnapshot)
    {
        while (true)
        {
            var workshop = workshops.GetOrAdd(workshopId, id => new WatchedWorkshop(id, this, linger));
            if (workshop.Lease(onSnapshot) is { } lease)
            {
                await workshop.Started;
                return lease;
            }
            // It was being let go at this moment: it leaves the dictionary, and the next turn watches it afresh.
            workshops.TryRemove(KeyValuePair.Create(workshopId, workshop));
        }
    }

    /// <summary>The first subscription; a failed one is left to the silence check, which tries again.</summary>
    internal async Task Start(WatchedWorkshop workshop)
    {
        workshop.Reference = grains.CreateObjectReference<IWorkshopObserver>(workshop);
        Metrics.WorkshopWatched();
        await Run(workshop, w => Subscribe(w, "subscribe to"));
    }

    private void Check()
    {
        var now = Clock.GetUtcNow();
        foreach (var (id, workshop) in workshops)
        {
            switch (workshop.Due(now))
            {
                case WatchRules.Chore.Release when workshops.TryRemove(KeyValuePair.Create(id, workshop)):
                    _ = Release(workshop);
                    break;
                case WatchRules.Chore.Resync:
                    _ = Run(workshop, Resync);
                    break;
                case WatchRules.Chore.Renew:
                    _ = Run(workshop, w => Subscribe(w, "renew the subscription to"));
                    break;
            }
        }
    }

    /// <summary>Runs one grain call of a workshop's at a time: the check hands out no other chore until this one is done.</summary>
    private static async Task Run(WatchedWorkshop workshop, Func<WatchedWorkshop, Task> chore)
    {
        try { await chore(workshop); }
        finally { workshop.Idle(); }
    }

    /// <summary>Subscribes again and pushes the current snapshot to everyone watching here: what they missed while it was silent.</summary>
    private async Task Resync(WatchedWorkshop workshop)
    {
        if (!await Subscribe(workshop, "subscribe again to")) return;
        try
        {
            await workshop.SnapshotChanged(await Grain(workshop).GetSnapshot().WaitAsync(CallTimeout, Clock));
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Could not fetch the snapshot of workshop {Workshop}", workshop.WorkshopId);
            workshop.Failed(Clock.GetUtcNow());
        }
    }

    private async Task<bool> Subscribe(WatchedWorkshop workshop, string what)
    {
        try
        {
            await Grain(workshop).Subscribe(workshop.Reference).WaitAsync(CallTimeout, Clock);
            workshop.Subscribed(Clock.GetUtcNow());
            return true;
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Could not {What} workshop {Workshop}", what, workshop.WorkshopId);
            workshop.Failed(Clock.GetUtcNow());
            return false;
        }
    }

    private async Task Release(WatchedWorkshop workshop)
    {
        try { await Grain(workshop).Unsubscribe(workshop.Reference); }
        catch (Exception e) { Log.LogWarning(e, "Could not unsubscribe from workshop {Workshop}; the grain forgets it within a minute", workshop.WorkshopId); }
        Forget(workshop);
    }

    private void Forget(WatchedWorkshop workshop)
    {
        grains.DeleteObjectReference<IWorkshopObserver>(workshop.Reference);
        Metrics.WorkshopReleased();
    }

    private IRoomGrain Grain(WatchedWorkshop workshop) => grains.GetGrain<IRoomGrain>(workshop.WorkshopId);

    /// <summary>At shutdown the grains are not told: they forget this node's observers within a minute.</summary>
    public async ValueTask DisposeAsync()
    {
        await checks.DisposeAsync();
        foreach (var id in workshops.Keys)
        {
            if (workshops.TryRemove(id, out var workshop) && workshop.Reference is not null) Forget(workshop);
        }
    }
}

/// <summary>A watcher's hold on a workshop's pushes (see <see cref="WorkshopFeed"/>); disposing it more than once is harmless.</summary>
public sealed class WorkshopLease(Guid workshopId, Action release) : IDisposable
{
    private int released;

    public Guid WorkshopId { get; } = workshopId;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) release();
    }
}
