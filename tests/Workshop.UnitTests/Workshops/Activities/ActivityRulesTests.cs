using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Activities;

public class ActivityRulesTests
{
    private static void AssertInvalid(ActivityDefinition definition)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => ActivityRules.ValidateDefinition(definition));
        Assert.Equal(WorkshopError.InvalidDefinition, error.Error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void The_factories_make_valid_activities_with_the_documented_defaults()
    {
        var dotVote = DotVote(A, B, C);
        var rating = Rating(A, B);
        var ranking = ActivityDefinition.Ranking(ActivityId, Title, [A, B, C]);

        ActivityRules.ValidateDefinition(dotVote);
        ActivityRules.ValidateDefinition(rating);
        ActivityRules.ValidateDefinition(ranking);
        Assert.Equal((ActivityKind.DotVote, 5, 2), (dotVote.Kind, dotVote.DotBudget, dotVote.MaxDotsPerItem));
        Assert.Equal(["importance", "development"], rating.Scales.Select(s => s.Key));
        Assert.Equal((ActivityKind.Ranking, 3), (ranking.Kind, ranking.RankTop));
        Assert.Equal([A, B, C], ranking.Items);
    }

    [Fact]
    public void The_default_scales_ask_the_two_questions_of_the_seed_focus_groups_from_1_to_5()
    {
        Assert.Equal(("importance", "Pomembnost", "Importance", 1, 5),
            (RatingScale.Importance.Key, RatingScale.Importance.Labels["sl"], RatingScale.Importance.Labels["en"], RatingScale.Importance.Min, RatingScale.Importance.Max));
        Assert.Equal(("development", "Potreba po nadaljnjem razvoju", "Need for further development", 1, 5),
            (RatingScale.Development.Key, RatingScale.Development.Labels["sl"], RatingScale.Development.Labels["en"], RatingScale.Development.Min, RatingScale.Development.Max));
    }

    [Fact]
    public void An_activity_without_items_is_refused() => AssertInvalid(DotVote());

    [Fact]
    public void An_activity_listing_an_item_twice_is_refused() => AssertInvalid(Rating(A, B, A));

    [Fact]
    public void An_item_without_an_id_is_refused() => AssertInvalid(DotVote(A, Guid.Empty));

    [Fact]
    public void A_dot_vote_without_a_dot_to_spend_is_refused() =>
        AssertInvalid(ActivityDefinition.DotVote(ActivityId, Title, [A, B], budget: 0, maxPerItem: 1));

    [Fact]
    public void A_dot_vote_allowing_no_dot_per_item_is_refused() =>
        AssertInvalid(ActivityDefinition.DotVote(ActivityId, Title, [A, B], budget: 5, maxPerItem: 0));

    [Fact]
    public void A_dot_vote_whose_item_cap_exceeds_the_budget_is_refused() =>
        AssertInvalid(ActivityDefinition.DotVote(ActivityId, Title, [A, B], budget: 3, maxPerItem: 4));

    [Fact]
    public void A_dot_vote_whose_item_cap_equals_the_budget_is_valid() =>
        ActivityRules.ValidateDefinition(ActivityDefinition.DotVote(ActivityId, Title, [A, B], budget: 3, maxPerItem: 3));

    [Fact]
    public void A_rating_without_a_scale_is_refused() =>
        AssertInvalid(ActivityDefinition.Rating(ActivityId, Title, [A], []));

    [Fact]
    public void A_rating_with_three_scales_is_refused() =>
        AssertInvalid(ActivityDefinition.Rating(ActivityId, Title, [A],
            [RatingScale.Importance, RatingScale.Development, new RatingScale("clarity", Labels("Clarity"), 1, 5)]));

    [Fact]
    public void A_rating_with_one_scale_is_valid() =>
        ActivityRules.ValidateDefinition(ActivityDefinition.Rating(ActivityId, Title, [A], [RatingScale.Importance]));

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 1)]
    public void A_scale_whose_lowest_value_is_not_below_its_highest_is_refused(int min, int max) =>
        AssertInvalid(ActivityDefinition.Rating(ActivityId, Title, [A], [new RatingScale("clarity", Labels("Clarity"), min, max)]));

    [Fact]
    public void Two_scales_with_the_same_key_are_refused() =>
        AssertInvalid(ActivityDefinition.Rating(ActivityId, Title, [A],
            [RatingScale.Importance, RatingScale.Importance with { Labels = Labels("Importance again") }]));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("dots")]
    [InlineData("respondents")]
    public void A_scale_with_a_blank_key_or_one_the_tally_uses_for_itself_is_refused(string key) =>
        AssertInvalid(ActivityDefinition.Rating(ActivityId, Title, [A], [new RatingScale(key, Labels("Scale"), 1, 5)]));

    [Fact]
    public void A_ranking_of_only_the_top_one_is_refused() => AssertInvalid(Ranking(1, A, B, C));

    [Fact]
    public void A_ranking_of_more_places_than_items_is_refused() => AssertInvalid(Ranking(4, A, B, C));

    [Fact]
    public void A_ranking_of_every_item_is_valid() => ActivityRules.ValidateDefinition(Ranking(3, A, B, C));
}
