using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Activities;

public class AnswerRulesTests
{
    // Budget 5, at most 2 per item; importance and development 1-5; top 2 of three.
    private static readonly ActivityDefinition DotVoteOnThree = DotVote(A, B, C);
    private static readonly ActivityDefinition RatingOfTwo = Rating(A, B);
    private static readonly ActivityDefinition TopTwoOfThree = Ranking(2, A, B, C);

    private static WorkshopRuleException Refused(ActivityDefinition definition, Answer answer, WorkshopError expected)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => AnswerRules.Validate(definition, answer));
        Assert.Equal(expected, error.Error);
        Assert.EndsWith(".", error.Message);
        return error;
    }

    [Fact]
    public void A_dot_vote_within_budget_and_cap_is_accepted() =>
        AnswerRules.Validate(DotVoteOnThree, Dots((A, 2), (B, 2), (C, 1)));

    [Fact]
    public void A_dot_vote_over_the_budget_is_refused()
    {
        var sixDots = ActivityDefinition.DotVote(ActivityId, Title, [A, B, C, D], budget: 5, maxPerItem: 2);
        var error = Refused(sixDots, Dots((A, 2), (B, 2), (C, 1), (D, 1)), WorkshopError.OverBudget);
        Assert.Equal("You have 5 dots; this answer uses 6.", error.Message);
    }

    [Fact]
    public void More_dots_on_one_item_than_its_cap_are_refused() =>
        Refused(DotVoteOnThree, Dots((A, 3)), WorkshopError.OverItemCap);

    [Fact]
    public void Negative_dots_are_refused() =>
        Refused(DotVoteOnThree, Dots((A, 2), (B, -1)), WorkshopError.NegativeDots);

    [Fact]
    public void Dots_on_an_item_outside_the_activity_are_refused() =>
        Refused(DotVoteOnThree, Dots((NotAnItem, 1)), WorkshopError.ItemNotInActivity);

    [Fact]
    public void A_dot_vote_with_no_dots_is_accepted_as_a_withdrawal()
    {
        AnswerRules.Validate(DotVoteOnThree, Dots());
        AnswerRules.Validate(DotVoteOnThree, Dots((A, 0), (B, 0)));
        Assert.True(Dots((A, 0)).IsWithdrawal);
    }

    [Fact]
    public void Dots_on_a_rating_are_refused_as_the_wrong_kind() =>
        Refused(RatingOfTwo, Dots((A, 1)), WorkshopError.WrongKind);

    [Fact]
    public void A_ranking_without_its_ranking_is_refused_as_the_wrong_kind() =>
        Refused(TopTwoOfThree, Rated(("importance", A, 3)), WorkshopError.WrongKind);

    [Fact]
    public void An_answer_holding_a_second_kind_besides_the_right_one_is_refused_as_the_wrong_kind() =>
        Refused(TopTwoOfThree, Ranked(A) with { Dots = ImmutableDictionary<Guid, int>.Empty.Add(A, 1) }, WorkshopError.WrongKind);

    [Fact]
    public void An_answer_holding_nothing_at_all_is_refused_as_empty() =>
        Refused(DotVoteOnThree, new Answer(ActivityId, 1, "client-1", null, null, null), WorkshopError.EmptyAnswer);

    [Fact]
    public void A_partial_rating_is_accepted() =>
        AnswerRules.Validate(RatingOfTwo, Rated(("importance", A, 5)));

    [Fact]
    public void A_rating_with_no_ratings_is_accepted_as_a_withdrawal()
    {
        var nothingRated = Answer.ForRatings(ActivityId, 1, "client-1", ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
            .Add("importance", ImmutableDictionary<Guid, int>.Empty));
        AnswerRules.Validate(RatingOfTwo, nothingRated);
        Assert.True(nothingRated.IsWithdrawal);
    }

    [Fact]
    public void A_rating_on_a_scale_the_activity_does_not_ask_is_refused() =>
        Refused(RatingOfTwo, Rated(("clarity", A, 3)), WorkshopError.UnknownScale);

    [Fact]
    public void A_rating_of_an_item_outside_the_activity_is_refused() =>
        Refused(RatingOfTwo, Rated(("importance", NotAnItem, 3)), WorkshopError.ItemNotInActivity);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_the_scale_is_refused(int value) =>
        Refused(RatingOfTwo, Rated(("importance", A, 3), ("development", B, value)), WorkshopError.RatingOutOfRange);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void The_ends_of_the_scale_are_accepted(int value) =>
        AnswerRules.Validate(RatingOfTwo, Rated(("importance", A, value)));

    [Fact]
    public void A_ranking_shorter_than_the_top_k_is_accepted() =>
        AnswerRules.Validate(TopTwoOfThree, Ranked(C));

    [Fact]
    public void An_empty_ranking_is_accepted_as_a_withdrawal()
    {
        AnswerRules.Validate(TopTwoOfThree, Ranked());
        Assert.True(Ranked().IsWithdrawal);
    }

    [Fact]
    public void An_item_ranked_twice_is_refused() =>
        Refused(TopTwoOfThree, Ranked(A, A), WorkshopError.DuplicateRank);

    [Fact]
    public void Ranking_more_than_the_top_k_is_refused() =>
        Refused(TopTwoOfThree, Ranked(A, B, C), WorkshopError.TooManyRanks);

    [Fact]
    public void Ranking_an_item_outside_the_activity_is_refused() =>
        Refused(TopTwoOfThree, Ranked(A, NotAnItem), WorkshopError.ItemNotInActivity);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_answer_without_a_client_id_is_refused(string clientId) =>
        Refused(DotVoteOnThree, Dots((A, 1)) with { ClientId = clientId }, WorkshopError.ClientIdMissing);

    [Fact]
    public void A_client_id_longer_than_64_characters_is_refused_and_64_are_accepted()
    {
        Refused(DotVoteOnThree, Dots((A, 1)) with { ClientId = new string('x', 65) }, WorkshopError.ClientIdMissing);
        AnswerRules.Validate(DotVoteOnThree, Dots((A, 1)) with { ClientId = new string('x', 64) });
    }

    [Fact]
    public void An_answer_to_another_activity_is_refused() =>
        Refused(DotVoteOnThree, Dots((A, 1)) with { ActivityId = Id(9001) }, WorkshopError.UnknownActivity);

    private static Answer WithReasons(Answer answer, params (Guid Item, string Text)[] reasons) =>
        answer with { Reasons = reasons.ToImmutableDictionary(r => r.Item, r => r.Text) };

    [Fact]
    public void A_reason_for_each_rated_or_ranked_item_is_accepted_up_to_280_characters_after_trimming()
    {
        AnswerRules.Validate(RatingOfTwo, WithReasons(Rated(("importance", A, 5), ("development", B, 1)), (A, "Used daily."), (B, "  " + new string('x', 280) + "\n ")));
        AnswerRules.Validate(TopTwoOfThree, WithReasons(Ranked(C, A), (C, "Core of the job.")));
    }

    [Fact]
    public void A_reason_over_280_characters_is_refused_with_its_length()
    {
        var error = Refused(RatingOfTwo, WithReasons(Rated(("importance", A, 5)), (A, new string('x', 281))), WorkshopError.InvalidAnswer);
        Assert.Equal("A reason has 1 to 280 characters; this one has 281.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \u200B\n ")]
    public void An_empty_reason_is_refused(string text) =>
        Refused(RatingOfTwo, WithReasons(Rated(("importance", A, 5)), (A, text)), WorkshopError.InvalidAnswer);

    [Fact]
    public void A_reason_for_an_item_the_answer_does_not_rate_or_rank_is_refused()
    {
        Refused(RatingOfTwo, WithReasons(Rated(("importance", A, 5)), (B, "Not rated.")), WorkshopError.InvalidAnswer);
        Refused(TopTwoOfThree, WithReasons(Ranked(A), (B, "Not ranked.")), WorkshopError.InvalidAnswer);
        Refused(DotVoteOnThree, WithReasons(Dots((A, 1)), (A, "Dots take no reasons.")), WorkshopError.InvalidAnswer);
    }

    [Fact]
    public void More_reasons_than_the_activity_has_items_are_refused()
    {
        var error = Refused(RatingOfTwo, WithReasons(Rated(("importance", A, 5), ("importance", B, 5)), (A, "a"), (B, "b"), (C, "c")), WorkshopError.InvalidAnswer);
        Assert.Equal("An answer gives at most one reason per item; this one gives 3 for 2 items.", error.Message);
    }
}
