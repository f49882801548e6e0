using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Proposals;

/// <summary>The model owner reviews proposals: an accepted one lands in the framework's draft with its provenance, publishable as a new version.</summary>
[Collection(SqliteCollection.Name)]
public sealed class ProposalReviewTests(SqliteCluster fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static ImmutableDictionary<string, string> En(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);

    /// <summary>A fresh framework of its own (so no other test sees its drafts), with one published version.</summary>
    private async Task<(string Id, FrameworkState State)> NewFramework()
    {
        var id = $"review-{Guid.NewGuid():N}";
        var definition = new FrameworkDefinition(id, En("Review test"), null, "test", ["en"],
        [
            new ItemDefinition(ItemKind.Category, "1", En("Leadership"), null,
            [
                new ItemDefinition(ItemKind.Competency, "1.1", En("Builds networks"), null, null),
                new ItemDefinition(ItemKind.Competency, "1.2", En("Leads teams"), null, null),
            ]),
        ]);
        await Grains.GetGrain<IFrameworkGrain>(id).ImportIfAbsent(definition);
        return (id, (await Grains.GetGrain<IFrameworkGrain>(id).Get())!);
    }

    private static Proposal Proposal(ProposalKind kind, Guid item, ImmutableDictionary<string, string> labels, int votes) =>
        new(Guid.NewGuid(), kind, item, null, labels, "Came up in every group",
            new ProposalProvenance(Guid.NewGuid(), "Focus group Koper", null, null, "P002", votes), ProposalStatus.Pending, DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_accepted_proposal_opens_a_draft_with_the_change_and_its_provenance_and_a_rejected_one_changes_nothing()
    {
        var (id, framework) = await NewFramework();
        var category = framework.Version(1)!.Items.Single(i => i.Code == "1");
        var networks = framework.Version(1)!.Items.Single(i => i.Code == "1.1");
        var proposals = Grains.GetGrain<IProposalsGrain>(id);
        var added = Proposal(ProposalKind.NewCompetency, category.Id, En("Uses digital tools"), votes: 6);
        var reworded = Proposal(ProposalKind.Rewording, networks.Id, En("Builds lasting networks"), votes: 2);
        await proposals.Submit(added);
        await proposals.Submit(reworded);

        var accepted = await proposals.Review(added.Id, accept: true, "owner@example.org", "Agreed by the consortium");
        var rejected = await proposals.Review(reworded.Id, accept: false, "owner@example.org", null);

        Assert.Equal((ProposalStatus.Accepted, 2, "Agreed by the consortium"), (accepted.Status, accepted.Review!.AppliedToVersion, accepted.Review.Comment));
        Assert.Equal((ProposalStatus.Rejected, (int?)null), (rejected.Status, rejected.Review!.AppliedToVersion));
        var draft = (await Grains.GetGrain<IFrameworkGrain>(id).Get())!.Draft!;
        var newItem = draft.Items.Single(i => i.Code == "1.3");
        Assert.Equal(("Uses digital tools", category.Id), (newItem.Labels["en"], newItem.ParentId));
        Assert.Equal(("Focus group Koper", 6), (newItem.Provenance!.Single().WorkshopTitle, newItem.Provenance!.Single().Votes));
        Assert.Equal("Builds networks", draft.Find(networks.Id)!.Labels["en"]);

        await Grains.GetGrain<IFrameworkGrain>(id).Publish(draft.Number);
        var published = (await Grains.GetGrain<IFrameworkGrain>(id).Get())!.Version(2)!;
        Assert.True(published.IsPublished);
        Assert.Equal(["1.3"], VersionDiff.Compare(framework.Version(1)!, published).Select(c => c.Code));
    }

    [Fact]
    public async Task A_rejected_proposal_stays_rejected_when_rejected_again_cannot_be_accepted_and_an_unknown_one_cannot_be_reviewed()
    {
        var (id, framework) = await NewFramework();
        var proposals = Grains.GetGrain<IProposalsGrain>(id);
        var proposal = Proposal(ProposalKind.Rewording, framework.Version(1)!.Items.Single(i => i.Code == "1.2").Id, En("Leads and grows teams"), votes: 1);
        await proposals.Submit(proposal);
        await proposals.Review(proposal.Id, accept: false, "owner@example.org", "Out of scope");

        var again = await proposals.Review(proposal.Id, accept: false, "other@example.org", "Changed my mind");
        var twice = await Assert.ThrowsAsync<WorkshopRuleException>(() => proposals.Review(proposal.Id, accept: true, "owner@example.org", null));
        var unknown = await Assert.ThrowsAsync<WorkshopRuleException>(() => proposals.Review(Guid.NewGuid(), accept: true, "owner@example.org", null));

        Assert.Equal(("owner@example.org", "Out of scope"), (again.Review!.Reviewer, again.Review.Comment));
        Assert.Equal((WorkshopError.InvalidProposal, WorkshopError.InvalidProposal), (twice.Error, unknown.Error));
        Assert.Null((await Grains.GetGrain<IFrameworkGrain>(id).Get())!.Draft);
        Assert.Equal(ProposalStatus.Rejected, Assert.Single(await proposals.List()).Status);
    }

    [Fact]
    public async Task A_second_accept_after_a_double_click_or_a_failed_write_applies_the_change_once_and_returns_the_same_outcome()
    {
        var (id, framework) = await NewFramework();
        var category = framework.Version(1)!.Items.Single(i => i.Code == "1");
        var proposals = Grains.GetGrain<IProposalsGrain>(id);
        var proposal = Proposal(ProposalKind.NewCompetency, category.Id, En("Uses digital tools"), votes: 4);
        await proposals.Submit(proposal);
        // What a failed write of the review leaves behind: the framework has the change, the proposal still waits.
        var appliedTo = await Grains.GetGrain<IFrameworkGrain>(id).ApplyProposal(proposal, "owner@example.org");

        var accepted = await Task.WhenAll(
            proposals.Review(proposal.Id, accept: true, "owner@example.org", "Agreed"),
            proposals.Review(proposal.Id, accept: true, "owner@example.org", "Agreed"));
        var rejecting = await Assert.ThrowsAsync<WorkshopRuleException>(() => proposals.Review(proposal.Id, accept: false, "owner@example.org", null));

        Assert.All(accepted, a => Assert.Equal((ProposalStatus.Accepted, (int?)appliedTo), (a.Status, a.Review!.AppliedToVersion)));
        Assert.Equal(accepted[0].Review, accepted[1].Review);
        var draft = (await Grains.GetGrain<IFrameworkGrain>(id).Get())!.Draft!;
        Assert.Single(draft.Items, i => i.Labels["en"] == "Uses digital tools");
        Assert.Equal(4, draft.Items.Count);
        Assert.Equal(WorkshopError.InvalidProposal, rejecting.Error);
        Assert.Equal(ProposalStatus.Accepted, Assert.Single(await proposals.List()).Status);
    }
}
