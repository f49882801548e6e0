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

public static class ProposalRules
{
    public const int MaxTextLength = 280;

    /// <summary>Checks a proposal against the framework version the workshop uses; returns it with its texts made plain (<see cref="PlainText"/>).</summary>
    public static Proposal Validate(Proposal proposal, FrameworkVersion version)
    {
        if (version.Find(proposal.Item) is null) throw Invalid("The proposal names an item that is not in the framework.");
        var typed = proposal.Labels ?? ImmutableDictionary<string, string>.Empty;
        if (typed.Keys.Any(key => LanguageTags.Normalize(key) is null))
            throw Invalid("A proposal's texts are keyed by a language code such as sl, en or pt-BR.");
        var labels = LocalizedText.Clean(typed.ToImmutableDictionary(l => l.Key, l => PlainText.Line(l.Value)));
        var rationale = PlainText.Lines(proposal.Rationale);
        if (labels.Values.Any(l => l.Length > MaxTextLength) || rationale.Length > MaxTextLength)
            throw Invalid($"A proposal's texts have at most {MaxTextLength} characters.");
        switch (proposal.Kind)
        {
            case ProposalKind.NewCompetency or ProposalKind.Rewording when labels.IsEmpty:
                throw Invalid("Write the new competency or the new wording.");
            case ProposalKind.Merge when proposal.OtherItem is not { } other || other == proposal.Item || version.Find(other) is null:
                throw Invalid("A merge needs two different items of the framework.");
        }
        return proposal with { Labels = labels, Rationale = rationale.Length == 0 ? null : rationale };
    }

    private static WorkshopRuleException Invalid(string message) => new(WorkshopError.InvalidProposal, message);
}

/// <summary>The proposals on one framework, from every workshop (keyed by the framework id); the model owner reviews them.</summary>
public interface IProposalsGrain : IGrainWithStringKey
{
    Task Submit(Proposal proposal);
    /// <summary>Records the votes the proposals' notes had when their board closed.</summary>
    Task RecordVotes(ImmutableDictionary<Guid, int> votesByNote);
    Task<ImmutableList<Proposal>> List();

    /// <summary>Accepts (applying it to the framework's draft, which it opens if needed) or rejects a pending proposal.</summary>
    Task<Proposal> Review(Guid proposalId, bool accept, string reviewer, string? comment);
}

public sealed class ProposalsGrain([PersistentState("proposals")] IPersistentState<ProposalsState> proposals) : Grain, IProposalsGrain
{
    public async Task Submit(Proposal proposal)
    {
        var framework = await GrainFactory.GetGrain<IFrameworkGrain>(this.GetPrimaryKeyString()).Get()
            ?? throw new WorkshopRuleException(WorkshopError.InvalidProposal, "The framework does not exist.");
        var version = framework.LatestPublished ?? framework.Versions[^1];
        var valid = ProposalRules.Validate(proposal, version);
        proposals.State = proposals.State with { Proposals = proposals.State.Proposals.RemoveAll(p => p.Id == valid.Id).Add(valid) };
        await proposals.WriteStateAsync();
    }

    public async Task RecordVotes(ImmutableDictionary<Guid, int> votesByNote)
    {
        var updated = proposals.State.Proposals.Select(p => p.Provenance.NoteId is { } note && votesByNote.TryGetValue(note, out var votes)
            ? p with { Provenance = p.Provenance with { Votes = votes } } : p).ToImmutableList();
        proposals.State = proposals.State with { Proposals = updated };
        await proposals.WriteStateAsync();
    }

    public Task<ImmutableList<Proposal>> List() => Task.FromResult(proposals.State.Proposals);

    public async Task<Proposal> Review(Guid proposalId, bool accept, string reviewer, string? comment)
    {
        var proposal = proposals.State.Proposals.Find(p => p.Id == proposalId)
            ?? throw new WorkshopRuleException(WorkshopError.InvalidProposal, "There is no such proposal.");
        if (proposal.Status != ProposalStatus.Pending)
            throw new WorkshopRuleException(WorkshopError.InvalidProposal, "This proposal has already been reviewed.");
        int? version = accept ? await GrainFactory.GetGrain<IFrameworkGrain>(this.GetPrimaryKeyString()).ApplyProposal(proposal, reviewer) : null;
        var reviewed = proposal with
        {
            Status = accept ? ProposalStatus.Accepted : ProposalStatus.Rejected,
            Review = new ProposalReview(reviewer, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), DateTimeOffset.UtcNow, version),
        };
        proposals.State = proposals.State with { Proposals = proposals.State.Proposals.Replace(proposal, reviewed) };
        await proposals.WriteStateAsync();
        return reviewed;
    }
}

[GenerateSerializer]
public sealed record ProposalsState
{
    [Id(0)] public ImmutableList<Proposal> Proposals { get; init; } = [];
}
