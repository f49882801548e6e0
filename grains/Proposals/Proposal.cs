using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Proposals;

/// <summary>What a proposal asks of the model: a new competency under an item, a new wording of an item, or two items merged.</summary>
public enum ProposalKind { NewCompetency, Rewording, Merge }

public enum ProposalStatus { Pending, Accepted, Rejected }

/// <summary>Where a proposal came from: the workshop, the board note (if any), and the votes it had when the board closed.</summary>
[GenerateSerializer, Immutable]
public sealed record ProposalProvenance(
    [property: Id(0)] Guid WorkshopId,
    [property: Id(1)] string WorkshopTitle,
    [property: Id(2)] Guid? ActivityId,
    [property: Id(3)] Guid? NoteId,
    [property: Id(4)] string ProposedBy,
    [property: Id(5)] int Votes);

/// <summary>A change to the competency model proposed in a workshop, waiting for the model owner.</summary>
/// <param name="Item">The parent of a new competency, the item to reword, or the first item of a merge.</param>
/// <param name="OtherItem">The second item of a merge.</param>
/// <param name="Labels">The new competency's or the new wording's text, by language.</param>
[GenerateSerializer, Immutable]
public sealed record Proposal(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ProposalKind Kind,
    [property: Id(2)] Guid Item,
    [property: Id(3)] Guid? OtherItem,
    [property: Id(4)] ImmutableDictionary<string, string> Labels,
    [property: Id(5)] string? Rationale,
    [property: Id(6)] ProposalProvenance Provenance,
    [property: Id(7)] ProposalStatus Status,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] ProposalReview? Review = null);

/// <summary>The model owner's decision on a proposal, and into which draft version an accepted one went.</summary>
[GenerateSerializer, Immutable]
public sealed record ProposalReview(
    [property: Id(0)] string Reviewer,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int? AppliedToVersion);
