using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;

namespace Workshop.UnitTests.Frameworks;

/// <summary>Accepted proposals become changes in a draft, each changed item keeping where it came from; the diff reads them back.</summary>
public class ProposalApplicationTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Domain1 = Id(1), Comp11 = Id(11), Comp12 = Id(12), Ind121 = Id(121), NewItem = Id(999);
    private static readonly Guid Workshop = Id(7777);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static ImmutableDictionary<string, string> Texts(string sl, string en) =>
        ImmutableDictionary<string, string>.Empty.Add("sl", sl).Add("en", en);

    private static FrameworkItem Item(Guid id, Guid? parent, ItemKind kind, string code, int order) =>
        new(id, parent, kind, code, Texts($"Oznaka {code}", $"Label {code}"), ImmutableDictionary<string, string>.Empty, order);

    private static FrameworkState WithDraft() => FrameworkEditor.StartDraft(new FrameworkState
    {
        Id = "example",
        Languages = ["sl", "en"],
        Versions =
        [
            new FrameworkVersion(1, VersionStatus.Published, At, At, "seed",
            [
                Item(Domain1, null, ItemKind.Domain, "1", 0),
                Item(Comp11, Domain1, ItemKind.Competency, "1.1", 0),
                Item(Comp12, Domain1, ItemKind.Competency, "1.2", 1),
                Item(Ind121, Comp12, ItemKind.Indicator, "1.2.a", 0),
            ]),
        ],
    }, At, "owner");

    private static Proposal Proposal(ProposalKind kind, Guid item, Guid? other = null, ImmutableDictionary<string, string>? labels = null) =>
        new(Id(500), kind, item, other, labels ?? ImmutableDictionary<string, string>.Empty, null,
            new ProposalProvenance(Workshop, "Focus group Koper", Id(600), Id(700), "P003", 5), ProposalStatus.Pending, At);

    [Fact]
    public void A_new_competency_goes_under_its_item_with_the_next_free_code_the_siblings_kind_and_its_provenance()
    {
        var state = FrameworkEditor.ApplyProposal(WithDraft(), 2, Proposal(ProposalKind.NewCompetency, Domain1, labels: Texts("Digitalne veščine", "Digital skills")), NewItem, At);

        var added = state.Version(2)!.Find(NewItem)!;
        Assert.Equal((Domain1, ItemKind.Competency, "1.3", 2), (added.ParentId, added.Kind, added.Code, added.Order));
        Assert.Equal("Digital skills", added.Labels["en"]);
        var source = Assert.Single(added.Provenance!);
        Assert.Equal((Id(500), Workshop, "Focus group Koper", 5), (source.ProposalId, source.WorkshopId, source.WorkshopTitle, source.Votes));
        Assert.Null(state.Version(1)!.Find(NewItem));
    }

    [Fact]
    public void A_rewording_replaces_the_labels_it_gives_and_keeps_the_others()
    {
        var state = FrameworkEditor.ApplyProposal(WithDraft(), 2, Proposal(ProposalKind.Rewording, Comp11, labels: ImmutableDictionary<string, string>.Empty.Add("en", "Builds strong networks")), NewItem, At);

        var item = state.Version(2)!.Find(Comp11)!;
        Assert.Equal(("Oznaka 1.1", "Builds strong networks"), (item.Labels["sl"], item.Labels["en"]));
        Assert.Equal("Rewording", Assert.Single(item.Provenance!).Change);
    }

    [Fact]
    public void A_merge_moves_the_second_items_children_under_the_first_and_removes_the_second()
    {
        var state = FrameworkEditor.ApplyProposal(WithDraft(), 2, Proposal(ProposalKind.Merge, Comp11, Comp12), NewItem, At);

        var draft = state.Version(2)!;
        Assert.Null(draft.Find(Comp12));
        Assert.Equal(Comp11, draft.Find(Ind121)!.ParentId);
        Assert.Equal("Merge with 1.2", Assert.Single(draft.Find(Comp11)!.Provenance!).Change);
    }

    [Fact]
    public void A_proposal_on_an_item_the_draft_does_not_have_is_refused_and_changes_nothing()
    {
        var before = WithDraft();

        var refused = Assert.Throws<FrameworkRuleException>(() => FrameworkEditor.ApplyProposal(before, 2, Proposal(ProposalKind.Rewording, Id(404), labels: Texts("a", "b")), NewItem, At));

        Assert.Equal(FrameworkError.UnknownItem, refused.Error);
        Assert.Equal(4, before.Version(2)!.Items.Count);
    }

    [Fact]
    public void The_difference_between_versions_lists_added_removed_and_changed_items_with_where_the_change_came_from()
    {
        var state = FrameworkEditor.ApplyProposal(WithDraft(), 2, Proposal(ProposalKind.NewCompetency, Domain1, labels: Texts("Nova", "New")), NewItem, At);
        state = FrameworkEditor.ApplyProposal(state, 2, Proposal(ProposalKind.Rewording, Comp11, labels: ImmutableDictionary<string, string>.Empty.Add("en", "Reworded")), NewItem, At);
        state = FrameworkEditor.DeleteItem(state, 2, Ind121);

        var changes = VersionDiff.Compare(state.Version(1)!, state.Version(2)!);

        Assert.Equal([(ItemChangeKind.Added, "1.3"), (ItemChangeKind.Removed, "1.2.a"), (ItemChangeKind.Changed, "1.1")], changes.Select(c => (c.Kind, c.Code)));
        var changed = changes[2];
        Assert.Equal(["en: Label 1.1 → Reworded"], changed.Details);
        Assert.Equal("Focus group Koper", Assert.Single(changed.Provenance).WorkshopTitle);
        Assert.Empty(VersionDiff.Compare(state.Version(1)!, state.Version(1)!));
    }

    [Fact]
    public void A_proposal_is_found_in_the_version_it_was_applied_to_and_in_none_before()
    {
        var proposal = Proposal(ProposalKind.Rewording, Comp11, labels: ImmutableDictionary<string, string>.Empty.Add("en", "Reworded"));
        var before = WithDraft();

        var applied = FrameworkEditor.ApplyProposal(before, 2, proposal, NewItem, At);

        Assert.Null(FrameworkEditor.VersionWithProposal(before, proposal.Id));
        Assert.Equal(2, FrameworkEditor.VersionWithProposal(applied, proposal.Id));
        Assert.Null(FrameworkEditor.VersionWithProposal(applied, Id(501)));
    }
}
