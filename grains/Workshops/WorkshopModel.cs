using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;

namespace Workshop.Grains.Workshops;

public enum WorkshopStatus { Draft, Live, Ended }

public enum ActivityStatus { Pending, Open, Closed }

/// <summary>A question participants may answer when they join, e.g. country or organisation type.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentQuestion(
    [property: Id(0)] string Key,
    [property: Id(1)] ImmutableDictionary<string, string> Labels,
    [property: Id(2)] ImmutableList<string> Options);

/// <summary>An item of an activity as the phones and displays show it, copied from the pinned framework version.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivityItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Code,
    [property: Id(2)] ImmutableDictionary<string, string> Labels);

/// <summary>
/// One activity of the agenda; <see cref="Counts"/> are the last closed round's tallies (the open round's live tally is
/// the room's, see <see cref="LiveTally"/>). A board's notes, clusters and votes are its own grain's (<see cref="IBoardGrain"/>);
/// <see cref="LegacyBoard"/> is a board as stored inside the workshop before that, read only to move it there.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityState(
    [property: Id(0)] ActivityDefinition Definition,
    [property: Id(1)] ImmutableList<ActivityItem> Items,
    [property: Id(2)] ActivityStatus Status,
    [property: Id(3)] int Round,
    [property: Id(4)] bool Revealed,
    [property: Id(5)] bool Locked,
    [property: Id(6)] DateTimeOffset? TimerEndsAt,
    [property: Id(7)] TallyCounts Counts,
    [property: Id(8)] ImmutableList<ActivityResults> ClosedRounds,
    [property: Id(9)] BoardState? LegacyBoard = null,
    [property: Id(10)] ImmutableList<DelphiRound>? DelphiRounds = null,
    [property: Id(11)] ImmutableList<Guid>? RoundItems = null)
{

    public Guid Id => Definition.Id;
    public bool AcceptsAnswers => Status == ActivityStatus.Open && !Locked;
}

[GenerateSerializer, Immutable]
public sealed record ParticipantEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Pseudonym,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string Language,
    [property: Id(4)] ImmutableDictionary<string, string> Segments,
    [property: Id(5)] DateTimeOffset JoinedAt);

/// <summary>One line of the research record: what happened, when, and by which pseudonymous participant.</summary>
[GenerateSerializer, Immutable]
public sealed record TimelineEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Participant = null,
    [property: Id(3)] Guid? Activity = null,
    [property: Id(4)] int? Round = null,
    [property: Id(5)] string? Detail = null);

[GenerateSerializer]
public sealed record WorkshopState
{
    [Id(0)] public Guid Id { get; init; }
    [Id(1)] public string Title { get; init; } = "";
    [Id(2)] public string FrameworkId { get; init; } = "";
    [Id(3)] public int FrameworkVersion { get; init; }
    [Id(4)] public string Code { get; init; } = "";
    [Id(5)] public string DisplayKey { get; init; } = "";
    [Id(6)] public WorkshopStatus Status { get; init; }
    [Id(7)] public ImmutableList<string> Facilitators { get; init; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public ImmutableList<SegmentQuestion> SegmentQuestions { get; init; } = [];
    [Id(10)] public ImmutableList<ActivityState> Activities { get; init; } = [];
    [Id(11)] public Guid? CurrentActivity { get; init; }
    /// <summary>The roster as stored inside the workshop before it had a table of its own (<see cref="Journal.IWorkshopJournal"/>): read only to move it there.</summary>
    [Id(12)] public ImmutableDictionary<Guid, ParticipantEntry> LegacyParticipants { get; init; } = ImmutableDictionary<Guid, ParticipantEntry>.Empty;
    [Id(13)] public long Version { get; init; }
    /// <summary>The timeline as stored inside the workshop before it had a table of its own: read only to move it there.</summary>
    [Id(14)] public ImmutableList<TimelineEvent> LegacyTimeline { get; init; } = [];
    [Id(15)] public string Language { get; init; } = "sl";
    /// <summary>When a facilitator erased the participants' names and segment answers (<see cref="Journal.IWorkshopJournal.ErasePersonalData"/>).</summary>
    [Id(16)] public DateTimeOffset? PersonalDataErasedAt { get; init; }
    /// <summary>When the workshop ended (for the retention of personal data).</summary>
    [Id(17)] public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Each language's translation status on the pinned framework version, as it was when the workshop was created.</summary>
    [Id(18)] public ImmutableDictionary<string, TranslationStatus>? Translations { get; init; }

    public bool Exists => Id != Guid.Empty;
    public ActivityState? Activity(Guid id) => Activities.Find(a => a.Id == id);
    public ActivityState? Current => CurrentActivity is { } id ? Activity(id) : null;
}

/// <summary>What the facilitator gives to create a workshop.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateWorkshop(
    [property: Id(0)] string Title,
    [property: Id(1)] string FrameworkId,
    [property: Id(2)] int FrameworkVersion,
    [property: Id(3)] string Facilitator,
    [property: Id(4)] string Language,
    [property: Id(5)] ImmutableList<SegmentQuestion>? SegmentQuestions = null,
    [property: Id(6)] string? Code = null);

/// <summary>What a phone sends to join.</summary>
[GenerateSerializer, Immutable]
public sealed record JoinRequest(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] string Language,
    [property: Id(2)] ImmutableDictionary<string, string>? Segments);

[GenerateSerializer, Immutable]
public sealed record Joined(
    [property: Id(0)] Guid ParticipantId,
    [property: Id(1)] string Token,
    [property: Id(2)] string Pseudonym);

/// <summary>A workshop as others cite it: in proposals' provenance and a board's events.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkshopReference(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string FrameworkId,
    [property: Id(3)] int FrameworkVersion);

/// <summary>Who a participant token belongs to.</summary>
[GenerateSerializer, Immutable]
public sealed record ParticipantIdentity(
    [property: Id(0)] Guid WorkshopId,
    [property: Id(1)] Guid ParticipantId,
    [property: Id(2)] string Pseudonym);

/// <summary>Everything a workshop recorded, for exports and reports: its agenda, roster, timeline and boards.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkshopRecord(
    [property: Id(0)] WorkshopState Workshop,
    [property: Id(1)] ImmutableList<ParticipantEntry> Participants,
    [property: Id(2)] ImmutableList<TimelineEvent> Timeline,
    [property: Id(3)] ImmutableDictionary<Guid, BoardState> Boards)
{
    public BoardState Board(Guid activityId) => Boards.GetValueOrDefault(activityId) ?? BoardState.Empty;
}

/// <summary>One join of a batch: <see cref="Joined"/>, or the reason it was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record JoinResult(
    [property: Id(0)] Joined? Joined,
    [property: Id(1)] WorkshopError? Error,
    [property: Id(2)] string? Message);
