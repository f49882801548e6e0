using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Proposals;

/// <summary>The proposals on one framework, from every workshop (keyed by the framework id); the model owner reviews them.</summary>
public interface IProposalsGrain : IGrainWithStringKey
{
    Task Submit(Proposal proposal);
    /// <summary>Records the votes the proposals' notes had when their board closed.</summary>
    Task RecordVotes(ImmutableDictionary<Guid, int> votesByNote);
    Task<ImmutableList<Proposal>> List();

    /// <summary>
    /// Accepts (applying it to the framework's draft, which it opens if needed) or rejects a pending proposal. The same decision
    /// again returns the same outcome and applies nothing twice; the opposite decision on a reviewed proposal is refused.
    /// </summary>
    Task<Proposal> Review(Guid proposalId, bool accept, string reviewer, string? comment);
}

public sealed class ProposalsGrain([PersistentState("proposals")] IPersistentState<ProposalsState> proposals, TimeProvider clock) : Grain, IProposalsGrain
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
        if (ProposalRules.EarlierReview(proposal, accept) is { } earlier) return earlier;
        // The framework applies a proposal once (it finds its provenance in the draft), so a retry after a failed write below is safe.
        int? version = accept ? await GrainFactory.GetGrain<IFrameworkGrain>(this.GetPrimaryKeyString()).ApplyProposal(proposal, reviewer) : null;
        var reviewed = ProposalRules.Reviewed(proposal, accept, reviewer, comment, clock.GetUtcNow(), version);
        await Save(proposals.State with { Proposals = proposals.State.Proposals.Replace(proposal, reviewed) });
        return reviewed;
    }

    /// <summary>Persists the new state; if the write fails the grain keeps the old one, so a retry reviews again.</summary>
    private async Task Save(ProposalsState next)
    {
        var previous = proposals.State;
        proposals.State = next;
        try { await proposals.WriteStateAsync(); }
        catch { proposals.State = previous; throw; }
    }
}

[GenerateSerializer]
public sealed record ProposalsState
{
    [Id(0)] public ImmutableList<Proposal> Proposals { get; init; } = [];
}
