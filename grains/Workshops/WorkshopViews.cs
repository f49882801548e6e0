using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;

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
    [property: Id(9)] BoardState? Board = null,
    [property: Id(10)] ImmutableList<ItemFeedback>? Feedback = null,
    [property: Id(11)] ImmutableList<Guid>? RoundItems = null);

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
    [property: Id(8)] string Language,
    [property: Id(9)] ImmutableDictionary<string, TranslationStatus>? Translations = null)
{
    /// <summary>What every participant may see: the results only once revealed (a later round's feedback on the round before at once).</summary>
    public WorkshopSnapshot ForParticipants() => Current is not { } current ? this : this with
    {
        Current = current with
        {
            // A board's results reach the phones once revealed and voting has stopped, so the running tally sways no one.
            Results = current.Revealed && current.Board is not { VotingOpen: true } ? current.Results : null,
            Board = current.Board?.ForParticipants(notesVisible: current.Definition.NotesVisibleAtOnce || current.Revealed),
        },
    };

    /// <summary>The workshop as the room sees it: the open round with its live tally, or the last closed round's; a board with its content.</summary>
    public static WorkshopSnapshot Of(WorkshopState state, long version, int connectedParticipants, TallyCounts? liveTally, BoardContent? board)
    {
        var current = state.Current;
        var view = current switch
        {
            null => null,
            { Definition.Kind: ActivityKind.Board } => new ActivityView(
                current.Definition, board?.Items ?? [], current.Status, current.Round, current.Revealed, current.Locked, current.TimerEndsAt,
                board?.Board.Votes.Count ?? 0, new ActivityResults(ActivityKind.Board, null, null, null, BoardResults.From(board?.Board ?? BoardState.Empty)),
                board?.Board ?? BoardState.Empty),
            _ when current.Status == ActivityStatus.Open && liveTally is not null => View(current, liveTally),
            _ => View(current, current.Counts),
        };
        return new WorkshopSnapshot(state.Id, version, state.Title, state.Code, state.Status, connectedParticipants, view, state.SegmentQuestions, state.Language, state.Translations);
    }

    private static ActivityView View(ActivityState activity, TallyCounts counts) => new(
        activity.Definition, activity.Items, activity.Status, activity.Round, activity.Revealed, activity.Locked, activity.TimerEndsAt,
        counts.Respondents, Results.For(AgendaRules.Asked(activity), counts), Feedback: DelphiClose.Feedback(activity), RoundItems: activity.RoundItems);
}

/// <summary>Receives coalesced snapshots of a workshop; one per web node and workshop (GPSTracker's pattern).</summary>
public interface IWorkshopObserver : IGrainObserver
{
    [OneWay] Task SnapshotChanged(WorkshopSnapshot snapshot);
    /// <summary>Every second without a snapshot: a node that hears neither for 2 s re-subscribes; a newer version than its last snapshot means one was missed.</summary>
    [OneWay] Task Heartbeat(long version);
}
