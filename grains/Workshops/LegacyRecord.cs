using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops.Journal;

namespace Workshop.Grains.Workshops;

/// <summary>
/// A workshop stored with its roster, timeline and boards inside (before they had storage of their own) moves them to the
/// journal and the board grains once, on its first activation since.
/// </summary>
internal static class LegacyRecord
{
    /// <summary>Moves what <paramref name="workshop"/> holds inside; returns the workshop without it, to store, or null when there was nothing.</summary>
    public static async Task<WorkshopState?> Move(WorkshopState workshop, IWorkshopJournal journal, IGrainFactory grains, WorkshopReference reference)
    {
        var boards = workshop.Activities.Where(a => a.LegacyBoard is not null).ToList();
        if (workshop.LegacyParticipants.IsEmpty && workshop.LegacyTimeline.IsEmpty && boards.Count == 0) return null;
        // Roster and timeline move in one transaction: a move repeated after a failed state write finds them there already.
        if ((await journal.Timeline(workshop.Id)).IsEmpty) await journal.Append(workshop.Id, [.. workshop.LegacyParticipants.Values], workshop.LegacyTimeline);
        foreach (var activity in boards)
        {
            var board = grains.GetGrain<IBoardGrain>(activity.Id);
            await board.Start(new BoardSetup(reference, activity.Definition, activity.LegacyBoard));
            await board.SetPhase(BoardPhase.Of(workshop, activity));
        }
        return workshop with
        {
            LegacyParticipants = ImmutableDictionary<Guid, ParticipantEntry>.Empty,
            LegacyTimeline = [],
            EndedAt = workshop.EndedAt ?? workshop.LegacyTimeline.FindLast(e => e.Kind == "ended")?.At,
            Activities = [.. workshop.Activities.Select(a => a with { LegacyBoard = null })],
        };
    }
}
