using Workshop.Grains.Boards;
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

    /// <summary>
    /// The votes of the note a proposal comes from (0 when none): a closed board recorded its votes on the proposals made
    /// before its close, so one made after takes its note's votes from the results. Refused when the note is not on the board.
    /// </summary>
    public static int NoteVotes(ProposalDraft draft, ActivityState? boardActivity, BoardState? board)
    {
        if (draft.NoteId is not { } noteId) return 0;
        if (board?.Note(noteId) is null) throw new WorkshopRuleException(WorkshopError.UnknownNote, "The note this proposal comes from is not on the board.");
        return boardActivity is { Status: ActivityStatus.Closed, ClosedRounds: [.., { Board: { } results }] }
            ? BoardOutcome.VotesByNote(board, results).GetValueOrDefault(noteId) : 0;
    }
}
