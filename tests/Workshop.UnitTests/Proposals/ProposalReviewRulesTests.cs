using System.Collections.Immutable;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Proposals;

/// <summary>Reviewing a proposal is idempotent: the same decision twice is one decision; the opposite one is refused.</summary>
public class ProposalReviewRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static readonly Proposal Pending = new(Guid.NewGuid(), ProposalKind.Rewording, Guid.NewGuid(), null,
        ImmutableDictionary<string, string>.Empty.Add("en", "Builds lasting networks"), null,
        new ProposalProvenance(Guid.NewGuid(), "Focus group Koper", null, null, "P002", 3), ProposalStatus.Pending, At);

    [Fact]
    public void A_pending_proposal_has_no_earlier_review()
    {
        Assert.Null(ProposalRules.EarlierReview(Pending, accept: true));
        Assert.Null(ProposalRules.EarlierReview(Pending, accept: false));
    }

    [Fact]
    public void Accepting_an_accepted_proposal_again_returns_the_first_review_unchanged()
    {
        var accepted = ProposalRules.Reviewed(Pending, accept: true, "owner@example.org", " Agreed ", At, appliedToVersion: 2);

        Assert.Same(accepted, ProposalRules.EarlierReview(accepted, accept: true));
        Assert.Equal((ProposalStatus.Accepted, "Agreed", (int?)2), (accepted.Status, accepted.Review!.Comment, accepted.Review.AppliedToVersion));
    }

    [Fact]
    public void Rejecting_a_rejected_proposal_again_returns_the_first_review_unchanged()
    {
        var rejected = ProposalRules.Reviewed(Pending, accept: false, "owner@example.org", "", At, appliedToVersion: null);

        Assert.Same(rejected, ProposalRules.EarlierReview(rejected, accept: false));
        Assert.Equal((ProposalStatus.Rejected, (string?)null), (rejected.Status, rejected.Review!.Comment));
    }

    [Fact]
    public void The_opposite_decision_on_a_reviewed_proposal_is_refused_with_what_was_decided()
    {
        var accepted = ProposalRules.Reviewed(Pending, accept: true, "owner@example.org", null, At, appliedToVersion: 2);
        var rejected = ProposalRules.Reviewed(Pending, accept: false, "owner@example.org", null, At, appliedToVersion: null);

        var reject = Assert.Throws<WorkshopRuleException>(() => ProposalRules.EarlierReview(accepted, accept: false));
        var accept = Assert.Throws<WorkshopRuleException>(() => ProposalRules.EarlierReview(rejected, accept: true));

        Assert.Equal((WorkshopError.InvalidProposal, WorkshopError.InvalidProposal), (reject.Error, accept.Error));
        Assert.Equal("This proposal was already accepted into version 2; it can no longer be rejected.", reject.Message);
        Assert.Equal("This proposal was already rejected; it can no longer be accepted.", accept.Message);
    }
}
