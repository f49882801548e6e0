using System.Collections.Immutable;
using System.Text.Json;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Boards.BoardFixtures;

namespace Workshop.UnitTests.Boards;

public class ProposalRulesTests
{
    // A small published version: domain 1 with competencies 1.1 and 1.2.
    private static readonly Guid Domain = Id(500), Comp11 = Id(511), Comp12 = Id(512), NotInVersion = Id(599);

    private static ImmutableDictionary<string, string> Texts(params (string Language, string Text)[] texts) =>
        texts.ToImmutableDictionary(t => t.Language, t => t.Text);

    private static readonly FrameworkVersion Version = new(1, VersionStatus.Published, Now, Now, "seed",
    [
        new FrameworkItem(Domain, null, ItemKind.Domain, "1", Texts(("en", "Network")), Texts(), 0),
        new FrameworkItem(Comp11, Domain, ItemKind.Competency, "1.1", Texts(("en", "Facilitation")), Texts(), 0),
        new FrameworkItem(Comp12, Domain, ItemKind.Competency, "1.2", Texts(("en", "Moderation")), Texts(), 1),
    ]);

    private static readonly ProposalProvenance Provenance = new(Id(9900), "Focus group Maribor", BoardId, N1, "P001", 0);

    private static Proposal Draft(ProposalKind kind, Guid item, Guid? other = null, ImmutableDictionary<string, string>? labels = null, string? rationale = null) =>
        new(Id(600), kind, item, other, labels ?? ImmutableDictionary<string, string>.Empty, rationale, Provenance, ProposalStatus.Pending, Now);

    /// <summary>A proposal as text with its labels in a fixed order, so that two copies compare by content.</summary>
    private static string Json(Proposal proposal) =>
        JsonSerializer.Serialize(new { Proposal = proposal with { Labels = null! }, Labels = proposal.Labels?.OrderBy(l => l.Key).ToList() });

    /// <summary>The proposal is refused as invalid with a sentence for the person who made it, and it is exactly as it was.</summary>
    private static WorkshopRuleException Refused(Proposal proposal)
    {
        var before = Json(proposal);
        var error = Assert.Throws<WorkshopRuleException>(() => ProposalRules.Validate(proposal, Version));
        Assert.Equal(WorkshopError.InvalidProposal, error.Error);
        Assert.EndsWith(".", error.Message);
        Assert.Equal(before, Json(proposal));
        return error;
    }

    [Fact]
    public void A_new_competency_under_an_item_is_accepted_with_its_texts_trimmed_and_its_provenance_kept()
    {
        var draft = Draft(ProposalKind.NewCompetency, Domain, labels: Texts(("EN", "  Data stewardship "), ("sl", "Skrb za podatke"), ("de", "  ")),
            rationale: "  Came up in three notes  ");

        var valid = ProposalRules.Validate(draft, Version);

        Assert.Equal([("en", "Data stewardship"), ("sl", "Skrb za podatke")], valid.Labels.OrderBy(l => l.Key).Select(l => (l.Key, l.Value)));
        Assert.Equal("Came up in three notes", valid.Rationale);
        Assert.Equal((draft.Id, ProposalKind.NewCompetency, Domain, (Guid?)null, ProposalStatus.Pending, Now), (valid.Id, valid.Kind, valid.Item, valid.OtherItem, valid.Status, valid.At));
        Assert.Equal(Provenance, valid.Provenance);
    }

    [Fact]
    public void A_rewording_of_an_item_is_accepted_and_a_blank_rationale_becomes_none()
    {
        var valid = ProposalRules.Validate(Draft(ProposalKind.Rewording, Comp11, labels: Texts(("en", "Facilitating groups")), rationale: "   "), Version);

        Assert.Equal("Facilitating groups", valid.Labels["en"]);
        Assert.Null(valid.Rationale);
    }

    [Fact]
    public void A_merge_of_two_different_items_of_the_version_is_accepted_without_any_text()
    {
        var valid = ProposalRules.Validate(Draft(ProposalKind.Merge, Comp11, Comp12), Version);

        Assert.Equal((ProposalKind.Merge, Comp11, (Guid?)Comp12), (valid.Kind, valid.Item, valid.OtherItem));
        Assert.Empty(valid.Labels);
    }

    [Theory]
    [InlineData(ProposalKind.NewCompetency)]
    [InlineData(ProposalKind.Rewording)]
    [InlineData(ProposalKind.Merge)]
    public void A_proposal_on_an_item_that_is_not_in_the_version_is_refused(ProposalKind kind)
    {
        var error = Refused(Draft(kind, NotInVersion, Comp11, Texts(("en", "Something"))));
        Assert.Equal("The proposal names an item that is not in the framework.", error.Message);
    }

    [Theory]
    [InlineData(ProposalKind.NewCompetency)]
    [InlineData(ProposalKind.Rewording)]
    public void A_new_competency_or_a_rewording_without_any_text_is_refused(ProposalKind kind)
    {
        Refused(Draft(kind, Comp11));
        Refused(Draft(kind, Comp11, labels: Texts(("en", "  "), ("sl", ""))));
        Refused(Draft(kind, Comp11) with { Labels = null! });
    }

    [Fact]
    public void A_merge_of_an_item_with_itself_with_nothing_or_with_an_item_not_in_the_version_is_refused()
    {
        var itself = Refused(Draft(ProposalKind.Merge, Comp11, Comp11));
        Refused(Draft(ProposalKind.Merge, Comp11));
        Refused(Draft(ProposalKind.Merge, Comp11, NotInVersion));

        Assert.Equal("A merge needs two different items of the framework.", itself.Message);
    }

    [Fact]
    public void Texts_of_280_characters_are_accepted_and_longer_ones_are_refused()
    {
        var longest = new string('x', ProposalRules.MaxTextLength);

        ProposalRules.Validate(Draft(ProposalKind.NewCompetency, Domain, labels: Texts(("en", $" {longest} ")), rationale: longest), Version);
        Refused(Draft(ProposalKind.NewCompetency, Domain, labels: Texts(("en", "Short"), ("sl", longest + "x"))));
        Refused(Draft(ProposalKind.Rewording, Comp11, labels: Texts(("en", "Short")), rationale: longest + "x"));
        Refused(Draft(ProposalKind.Merge, Comp11, Comp12, rationale: longest + "x"));
        Assert.Equal(280, ProposalRules.MaxTextLength);
    }

    [Fact]
    public void Markup_in_a_proposal_is_kept_as_the_exact_text()
    {
        const string script = "<script>alert(1)</script>";

        var valid = ProposalRules.Validate(Draft(ProposalKind.NewCompetency, Domain, labels: Texts(("en", script)), rationale: "<b>why</b>"), Version);

        Assert.Equal((script, "<b>why</b>"), (valid.Labels["en"], valid.Rationale));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("<b>x</b>")]
    [InlineData("")]
    public void A_text_in_an_unknown_language_is_refused(string language)
    {
        var error = Refused(Draft(ProposalKind.NewCompetency, Domain, labels: Texts(("en", "Data stewardship"), (language, "Data stewardship"))));

        Assert.Equal("A proposal's texts are keyed by a language code such as sl, en or pt-BR.", error.Message);
    }

    [Fact]
    public void A_text_keyed_by_2000_characters_is_refused() =>
        Refused(Draft(ProposalKind.Rewording, Comp11, labels: Texts((new string('e', 2000), "New wording"))));

    [Fact]
    public void Texts_are_made_plain_and_a_label_of_only_invisible_characters_is_no_text()
    {
        var valid = ProposalRules.Validate(Draft(ProposalKind.NewCompetency, Domain,
            labels: Texts(("pt-BR", "\u202EData\u0000 stewardship\n"), ("sl", "\u200B\uFEFF")), rationale: "\u2066Two\r\nlines\u2069"), Version);

        Assert.Equal([("pt-br", "Data stewardship")], valid.Labels.Select(l => (l.Key, l.Value)));
        Assert.Equal("Two\nlines", valid.Rationale);
        Refused(Draft(ProposalKind.Rewording, Comp11, labels: Texts(("en", "\u200B\u200C\u200D\u2060\uFEFF"))));
    }
}
