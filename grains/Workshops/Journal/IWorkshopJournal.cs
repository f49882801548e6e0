using System.Collections.Immutable;

namespace Workshop.Grains.Workshops.Journal;

/// <summary>
/// A workshop's append-only record beside its grain state: the timeline and the participant roster, each written as
/// rows of its own, so that a join batch or an event costs a write of its own size, however large the room is.
/// </summary>
public interface IWorkshopJournal
{
    /// <summary>Appends participants who joined and timeline events in one transaction.</summary>
    Task Append(Guid workshopId, IReadOnlyCollection<ParticipantEntry> joined, IReadOnlyCollection<TimelineEvent> happened);

    Task<ImmutableList<ParticipantEntry>> Roster(Guid workshopId);

    /// <summary>The timeline in the order it happened.</summary>
    Task<ImmutableList<TimelineEvent>> Timeline(Guid workshopId);

    /// <summary>Removes what identifies a person (names, segment answers; pseudonyms and languages stay), recording it as <paramref name="erased"/>.</summary>
    Task ErasePersonalData(Guid workshopId, TimelineEvent erased);
}
