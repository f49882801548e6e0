using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

public sealed class WorkshopRulesTests
{
    [Theory]
    [InlineData("ana@example.org", false, true)]
    [InlineData("ANA@example.org", false, true)]
    [InlineData("bor@example.org", false, true)]
    [InlineData("eve@example.org", false, false)]
    [InlineData("eve@example.org", true, true)]
    [InlineData("", false, false)]
    [InlineData(null, false, false)]
    public void Only_the_workshops_facilitators_and_administrators_control_it(string? user, bool administrator, bool expected) =>
        Assert.Equal(expected, WorkshopRules.MayControl(["ana@example.org", "bor@example.org"], user, administrator));

    private static readonly WorkshopState Live = new()
    {
        Id = Fixtures.Id(100),
        Title = "Focus group",
        Status = WorkshopStatus.Live,
        Language = "sl",
        SegmentQuestions = [new SegmentQuestion("country", ImmutableDictionary<string, string>.Empty.Add("en", "Country"), ["SI", "IT"])],
    };

    private static WorkshopRuleException RefusedJoin(WorkshopError expected, WorkshopState workshop, JoinRequest request)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => WorkshopRules.ValidateJoin(workshop, request));
        Assert.Equal(expected, error.Error);
        Assert.EndsWith(".", error.Message);
        return error;
    }

    [Fact]
    public void Joining_a_workshop_that_is_still_a_draft_is_refused_as_not_started()
    {
        var error = RefusedJoin(WorkshopError.WorkshopNotStarted, Live with { Status = WorkshopStatus.Draft }, new JoinRequest("Ana", "en", null));

        Assert.Equal("This workshop has not started yet; join when the facilitator starts it.", error.Message);
        Assert.Equal("Ana", WorkshopRules.ValidateJoin(Live, new JoinRequest("Ana", "en", null)).DisplayName);
    }

    [Theory]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF", null)]
    [InlineData(" \u202EAna\u202C\u0000 ", "Ana")]
    [InlineData("Ana\nNovak", "Ana Novak")]
    public void A_name_is_made_plain_and_one_of_only_invisible_characters_means_no_name(string typed, string? kept) =>
        Assert.Equal(kept, WorkshopRules.ValidateJoin(Live, new JoinRequest(typed, "en", null)).DisplayName);

    [Theory]
    [InlineData("zz")]
    [InlineData("<b>x</b>")]
    public void Joining_in_an_unknown_language_is_refused(string language) =>
        RefusedJoin(WorkshopError.InvalidDefinition, Live, new JoinRequest(null, language, null));

    [Fact]
    public void A_known_language_is_kept_in_lowercase_and_none_means_the_workshops()
    {
        Assert.Equal("pt-br", WorkshopRules.ValidateJoin(Live, new JoinRequest(null, "pt-BR", null)).Language);
        Assert.Equal("sl", WorkshopRules.ValidateJoin(Live, new JoinRequest(null, " ", null)).Language);
    }

    [Fact]
    public void A_segment_answer_is_made_plain_before_it_is_checked_against_the_choices()
    {
        var joined = WorkshopRules.ValidateJoin(Live, new JoinRequest(null, "en", ImmutableDictionary<string, string>.Empty.Add("country", "\u202ESI\u200B")));

        Assert.Equal("SI", joined.Segments!["country"]);
    }
}
