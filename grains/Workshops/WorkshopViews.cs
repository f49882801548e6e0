using System.Collections.Immutable;
using Workshop.Grains.Boards;

namespace Workshop.Grains.Workshops;

/// <summary>The current activity as a display or a phone sees it; results only where the viewer may see them.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivityView(
    [property: Id(0)] ActivityDefinition Definition,
    [property: Id(1)] ImmutableList<ActivityItem> Items,
    [property: Id(2)] ActivityStatus Status,
    [property: Id(3)] int Round,
    [property: Id(4)] bool Revealed,
    [property: Id(5)] bool Locked,
    [property: Id(6)] DateTimeOffset? TimerEndsAt,
    [property: Id(7)] int Respondents,
    [property: Id(8)] ActivityResults? Results,
    [property: Id(9)] BoardState? Board = null);

/// <summary>
/// A coalesced picture of a workshop. <see cref="Version"/> grows with every change, so a client that
/// reconnects says which version it saw and gets the current one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WorkshopSnapshot(
    [property: Id(0)] Guid WorkshopId,
    [property: Id(1)] long Version,
    [property: Id(2)] string Title,
    [property: Id(3)] string Code,
    [property: Id(4)] WorkshopStatus Status,
    [property: Id(5)] int ParticipantCount,
    [property: Id(6)] ActivityView? Current,
    [property: Id(7)] ImmutableList<SegmentQuestion> SegmentQuestions,
    [property: Id(8)] string Language)
{
    /// <summary>What every participant may see: the results only once revealed.</summary>
    public WorkshopSnapshot ForParticipants() => Current is not { } current ? this : this with
    {
        Current = current with
        {
            // A board's results reach the phones once revealed and voting has stopped, so the running tally sways no one.
            Results = current.Revealed && current.Board is not { VotingOpen: true } ? current.Results : null,
            Board = current.Board?.ForParticipants(notesVisible: current.Definition.NotesVisibleAtOnce || current.Revealed),
        },
    };

    public static WorkshopSnapshot Of(WorkshopState state, int connectedParticipants)
    {
        var current = state.Current;
        var view = current is null ? null : new ActivityView(
            current.Definition, current.Items, current.Status, current.Round, current.Revealed, current.Locked, current.TimerEndsAt,
            current.Board is { } board ? board.Votes.Count : current.Counts.Respondents,
            current.Board is { } boardState ? new ActivityResults(ActivityKind.Board, null, null, null, BoardResults.From(boardState)) : Results.For(current.Definition, current.Counts),
            current.Board);
        return new WorkshopSnapshot(state.Id, state.Version, state.Title, state.Code, state.Status, connectedParticipants, view, state.SegmentQuestions, state.Language);
    }
}

/// <summary>Receives coalesced snapshots of a workshop; one per web node and workshop (GPSTracker's pattern).</summary>
public interface IWorkshopObserver : IGrainObserver
{
    [OneWay] Task SnapshotChanged(WorkshopSnapshot snapshot);

    /// <summary>Sent once a second in which no snapshot went out, so an observer that hears nothing knows it was lost.</summary>
    [OneWay] Task Heartbeat(long version);
}
