using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>What a facilitator's console shows: the agenda (from the workshop's state) and the live picture (from its snapshots).</summary>
public sealed record ConsoleView(WorkshopState Workshop, WorkshopSnapshot Snapshot)
{
    public ImmutableList<ActivityState> Agenda => Workshop.Activities;
    public ActivityView? Current => Snapshot.Current;
    public int ParticipantCount => Snapshot.ParticipantCount;

    /// <summary>The first pending activity after the current one.</summary>
    public ActivityState? Next => Agenda.SkipWhile(a => a.Id != Workshop.CurrentActivity).Skip(1).FirstOrDefault(a => a.Status == ActivityStatus.Pending);

    /// <summary>This view with whichever of its parts is newer than the ones it has (reads and pushes may arrive out of order).</summary>
    public ConsoleView Merge(WorkshopState? workshop, WorkshopSnapshot? snapshot) => new(
        workshop is not null && workshop.Version >= Workshop.Version ? workshop : Workshop,
        snapshot is not null && snapshot.Version >= Snapshot.Version ? snapshot : Snapshot);
}
