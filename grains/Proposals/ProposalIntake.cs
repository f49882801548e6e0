using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Proposals;

/// <summary>How a workshop hands a proposal to the model owner: with its provenance, checked against the workshop's pinned framework version.</summary>
public static class ProposalIntake
{
    public static async Task<Guid> Submit(IGrainFactory grains, WorkshopReference workshop, ProposalDraft draft, string by, int votes, DateTimeOffset now)
    {
        var proposal = new Proposal(Guid.NewGuid(), draft.Kind, draft.Item, draft.OtherItem, draft.Labels, draft.Rationale,
            new ProposalProvenance(workshop.Id, workshop.Title, draft.ActivityId, draft.NoteId, by, votes), ProposalStatus.Pending, now);
        var framework = await grains.GetGrain<IFrameworkGrain>(workshop.FrameworkId).Get();
        ProposalRules.Validate(proposal, framework!.Version(workshop.FrameworkVersion)!);
        await grains.GetGrain<IProposalsGrain>(workshop.FrameworkId).Submit(proposal);
        return proposal.Id;
    }
}
