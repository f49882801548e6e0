using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>The projector's view of a workshop: opened with the workshop's display key, then following its snapshots.</summary>
public sealed class Displays(IGrainFactory grains, WorkshopFeed feed)
{
    /// <summary>The workshop's current snapshot, or null when the key is not its display key.</summary>
    public async Task<WorkshopSnapshot?> Open(Guid workshopId, string? key)
    {
        var workshop = grains.GetGrain<IWorkshopGrain>(workshopId);
        return string.IsNullOrEmpty(key) || !await workshop.IsDisplayKey(key) ? null : await grains.GetGrain<IRoomGrain>(workshopId).GetSnapshot();
    }

    /// <summary>The closed Delphi rounds of an activity (the snapshot carries the live picture only), for a display opened with its key.</summary>
    public async Task<ImmutableList<DelphiRound>> Rounds(Guid workshopId, Guid activityId) =>
        (await grains.GetGrain<IWorkshopGrain>(workshopId).GetState())?.Activity(activityId)?.DelphiRounds ?? [];

    /// <summary>Calls <paramref name="onSnapshot"/> with every newer snapshot until disposed.</summary>
    public async Task<IDisposable> Follow(Guid workshopId, Func<WorkshopSnapshot, Task> onSnapshot) => await feed.Subscribe(workshopId, onSnapshot);
}
