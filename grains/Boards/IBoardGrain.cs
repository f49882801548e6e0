using System.Collections.Immutable;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Boards;

/// <summary>
/// One board activity (keyed by the activity's id): notes, clusters and votes. Participants post and vote while the
/// workshop has it open and unlocked; the facilitator (named, for the timeline) moderates and clusters until the workshop ends.
/// A participant's post, vote or proposal carries a client id: a resend of one is answered as the first time, and stores nothing.
/// </summary>
public interface IBoardGrain : IGrainWithGuidKey
{
    /// <summary>By the workshop when the board is added to its agenda (again after a restart: idempotent).</summary>
    Task Start(BoardSetup setup);
    /// <summary>By the workshop whenever the board opens, closes, locks, reveals or the workshop ends.</summary>
    Task SetPhase(BoardPhase phase);
    [AlwaysInterleave] Task<BoardContent> Get();

    Task<Guid> PostNote(BoardParticipant by, string clientId, string prompt, string text);
    Task EditNote(BoardParticipant by, Guid noteId, string text);
    Task DeleteNote(BoardParticipant by, Guid noteId);
    Task Vote(BoardParticipant by, string clientId, ImmutableDictionary<Guid, int> votes);
    Task<Guid> Propose(BoardParticipant by, string clientId, ProposalDraft draft);
    /// <summary>A participant's own notes (also the private ones) and votes, e.g. for a phone that lost its storage.</summary>
    [AlwaysInterleave] Task<MyBoard> Mine(Guid participantId);

    Task<Guid> PostAsFacilitator(string facilitator, string prompt, string text);
    Task Moderate(string facilitator, Guid noteId, bool? hidden, string? text);
    Task<Guid> CreateCluster(string facilitator, string name);
    Task RenameCluster(string facilitator, Guid clusterId, string name);
    Task MergeClusters(string facilitator, Guid into, Guid from);
    Task AssignNote(string facilitator, Guid noteId, Guid? clusterId);
    /// <summary>Links a note or cluster to an item of the pinned framework version; the item joins the board's items, so phones can show it.</summary>
    Task LinkToItem(string facilitator, Guid targetId, Guid? itemId);
    Task OpenVoting(string facilitator, BoardVoting on);
}

/// <summary>A board as its workshop adds it: the workshop (where its events and proposals go), the definition, and any content it had.</summary>
[GenerateSerializer, Immutable]
public sealed record BoardSetup(
    [property: Id(0)] WorkshopReference Workshop,
    [property: Id(1)] ActivityDefinition Definition,
    [property: Id(2)] BoardState? Content = null);

/// <summary>Where the board stands in the workshop: open (the current, open activity), locked, revealed, or the workshop ended.</summary>
[GenerateSerializer, Immutable]
public sealed record BoardPhase(
    [property: Id(0)] bool Open,
    [property: Id(1)] bool Locked,
    [property: Id(2)] bool Revealed,
    [property: Id(3)] bool Ended)
{
    public static BoardPhase Of(WorkshopState workshop, ActivityState activity) => new(
        activity.Status == ActivityStatus.Open && workshop.CurrentActivity == activity.Id, activity.Locked, activity.Revealed, workshop.Status == WorkshopStatus.Ended);
}

/// <summary>A participant acting on a board, as the hub authenticated them.</summary>
[GenerateSerializer, Immutable]
public sealed record BoardParticipant(
    [property: Id(0)] Guid WorkshopId,
    [property: Id(1)] Guid Id,
    [property: Id(2)] string Pseudonym);

/// <summary>A board's content with the framework items linked to it; <see cref="Version"/> grows with every change.</summary>
[GenerateSerializer, Immutable]
public sealed record BoardContent(
    [property: Id(0)] Guid ActivityId,
    [property: Id(1)] BoardState Board,
    [property: Id(2)] ImmutableList<ActivityItem> Items,
    [property: Id(3)] long Version);

[GenerateSerializer, Immutable]
public sealed record MyBoard(
    [property: Id(0)] ImmutableList<BoardNote> Notes,
    [property: Id(1)] ImmutableDictionary<Guid, int> Votes);
