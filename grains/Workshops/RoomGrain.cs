using System.Collections.Immutable;
using Orleans.Utilities;
using Workshop.Grains.Boards;

namespace Workshop.Grains.Workshops;

/// <summary>
/// The live room of a workshop (keyed by the workshop's id), kept in memory only: everything here can be rebuilt from the
/// workshop, its boards and its participants' stored answers, which is what a new activation and a change of the
/// cluster's silos do. Snapshots go out at most ten times a second, and a heartbeat every second, while anyone watches.
/// </summary>
public sealed class RoomGrain(IClusterMembershipService membership, SnapshotTimers timers, TimeProvider clock, ILogger<RoomGrain> logger) : Grain, IRoomGrain
{
    /// <summary>A web node that stops renewing its subscription (e.g. it died) is dropped after this.</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);

    private readonly ObserverManager<IWorkshopObserver> observers = new(ObserverExpiry, logger);
    private readonly HashSet<Guid> connected = [];
    private WorkshopState agenda = new();
    private LiveTally? tally;
    private BoardContent? board;
    private long version;
    private bool snapshotDue;
    private DateTimeOffset lastSent;
    private IGrainTimer? ticker;
    private MembershipVersion membershipSeen;
    /// <summary>The snapshot of <see cref="Version"/> and its participants' view, made once: a plenary's joins each ask for it.</summary>
    private (WorkshopSnapshot All, WorkshopSnapshot ForParticipants)? latest;

    private IWorkshopGrain Workshop => GrainFactory.GetGrain<IWorkshopGrain>(this.GetPrimaryKey());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        membershipSeen = membership.CurrentSnapshot.Version;
        agenda = await Workshop.GetState() ?? new WorkshopState();
        // A new activation may have missed contributions: the open round is counted from the stored answers.
        await FollowCurrentActivity();
        await Recount();
    }

    public async Task AgendaChanged(WorkshopState workshop)
    {
        if (workshop.Version <= agenda.Version) return;
        agenda = workshop;
        await FollowCurrentActivity();
        Due();
    }

    public Task BoardChanged(BoardContent content)
    {
        if (content.ActivityId == agenda.CurrentActivity && (board is null || content.Version > board.Version))
        {
            board = content;
            Due();
        }
        return Task.CompletedTask;
    }

    public Task Contribute(ImmutableList<TallyContribution> contributions)
    {
        var changed = false;
        foreach (var c in contributions) changed |= tally?.Set(c.Participant, c.Version, c.Answer) == true;
        if (changed) Due();
        return Task.CompletedTask;
    }

    public Task Connected(ImmutableList<Guid> participantIds, bool connect)
    {
        var changed = false;
        foreach (var id in participantIds) changed |= connect ? connected.Add(id) : connected.Remove(id);
        if (changed) Due();
        return Task.CompletedTask;
    }

    public Task<WorkshopSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<WorkshopSnapshot> GetParticipantSnapshot() => Task.FromResult(Latest().ForParticipants);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopTicking();
        return Task.CompletedTask;
    }

    public Task Subscribe(IWorkshopObserver observer)
    {
        observers.Subscribe(observer, observer);
        if (ticker is null)
        {
            ticker = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(TickEvery, TickEvery) { Interleave = false });
            timers.Started();
        }
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IWorkshopObserver observer)
    {
        observers.Unsubscribe(observer);
        if (observers.Count == 0) StopTicking();
        return Task.CompletedTask;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        // A silo joined or left: contributions on their way through it may be lost, so the tally is counted again.
        if (membership.CurrentSnapshot.Version != membershipSeen)
        {
            membershipSeen = membership.CurrentSnapshot.Version;
            await Recount();
        }
        observers.ClearExpired();
        if (observers.Count == 0)
        {
            StopTicking();
            return;
        }
        var now = clock.GetUtcNow();
        if (snapshotDue)
        {
            snapshotDue = false;
            var snapshot = Snapshot();
            await observers.Notify(o => o.SnapshotChanged(snapshot));
            lastSent = now;
        }
        else if (now - lastSent >= HeartbeatEvery)
        {
            var current = Version;
            await observers.Notify(o => o.Heartbeat(current));
            lastSent = now;
        }
    }

    private void StopTicking()
    {
        if (ticker is null) return;
        ticker.Dispose();
        ticker = null;
        timers.Stopped();
    }

    /// <summary>Keeps a live tally for the open round and the current board at hand; a new round starts empty (phones learn of it from this room).</summary>
    private async Task FollowCurrentActivity()
    {
        var current = agenda.Status == WorkshopStatus.Ended ? null : agenda.Current;
        if (current is { Status: ActivityStatus.Open } open && open.Definition.Kind != ActivityKind.Board)
        {
            if (tally is null || tally.ActivityId != open.Id || tally.Round != open.Round) tally = new LiveTally(open.Definition, open.Round);
        }
        else tally = null;
        board = current?.Definition.Kind == ActivityKind.Board
            ? board?.ActivityId == current.Id ? board : await GrainFactory.GetGrain<IBoardGrain>(current.Id).Get()
            : null;
    }

    /// <summary>
    /// Sets every participant's stored current answer into the live tally (newer contributions win, older ones change nothing).
    /// A live tally is only a preview (the close counts the answers themselves), so a failed recount is logged, not thrown.
    /// </summary>
    private async Task Recount()
    {
        if (tally is not { } counting) return;
        try
        {
            var ids = await Workshop.GetParticipantIds();
            var answers = await Task.WhenAll(ids.Select(async id => (Id: id, Records: await GrainFactory.GetGrain<IParticipantGrain>(id).GetAnswers())));
            foreach (var (id, records) in answers)
                if (records.Find(r => r.Answer.ActivityId == counting.ActivityId && r.Answer.Round == counting.Round) is { } record)
                    counting.Set(id, record.Count, record.Answer);
            Due();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not recount the live tally of workshop {Workshop}", this.GetPrimaryKey());
        }
    }

    private void Due()
    {
        version = Math.Max(Math.Max(version + 1, agenda.Version), clock.GetUtcNow().ToUnixTimeMilliseconds());
        snapshotDue = true;
    }

    /// <summary>Grows with every change of the agenda, the board, the tally or the connected phones.</summary>
    private long Version => Math.Max(version, agenda.Version);

    private WorkshopSnapshot Snapshot() => Latest().All;

    private (WorkshopSnapshot All, WorkshopSnapshot ForParticipants) Latest()
    {
        if (latest is { } made && made.All.Version == Version) return made;
        var all = WorkshopSnapshot.Of(agenda, Version, connected.Count, tally?.Counts, board);
        latest = (all, all.ForParticipants());
        return latest.Value;
    }
}
