using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Statistics;

public class TallyTests
{
    private static readonly ActivityDefinition DotVoteOnThree = DotVote(A, B, C);

    private static TallyKey DotsOn(Guid item, int dots) => new(item, TallyMeasure.Dots, dots);

    [Fact]
    public void A_dot_vote_contributes_one_key_per_item_with_dots_and_one_respondent()
    {
        var keys = Tally.Contributions(DotVoteOnThree, Dots((A, 2), (B, 0), (C, 1)));
        Assert.Equal([DotsOn(A, 2), DotsOn(C, 1), TallyKey.Respondent], keys);
    }

    [Fact]
    public void A_rating_contributes_one_key_per_rated_item_and_scale()
    {
        var keys = Tally.Contributions(Rating(A, B), Rated(("importance", A, 4), ("importance", B, 2), ("development", A, 5)));
        Assert.Equal(
            [new TallyKey(A, "importance", 4), new TallyKey(B, "importance", 2), new TallyKey(A, "development", 5), TallyKey.Respondent],
            keys);
    }

    [Fact]
    public void A_ranking_contributes_each_place_the_length_of_the_ranking_and_one_respondent()
    {
        var keys = Tally.Contributions(Ranking(3, A, B, C, D), Ranked(C, A));
        Assert.Equal(
            [
                new TallyKey(C, TallyMeasure.Rank, 1), new TallyKey(C, TallyMeasure.RankedAmong, 2),
                new TallyKey(A, TallyMeasure.Rank, 2), new TallyKey(A, TallyMeasure.RankedAmong, 2),
                new TallyKey(Guid.Empty, TallyMeasure.Ranked, 2), TallyKey.Respondent,
            ],
            keys);
    }

    [Fact]
    public void No_answer_or_an_empty_one_contributes_nothing()
    {
        Assert.Empty(Tally.Contributions(DotVoteOnThree, null));
        Assert.Empty(Tally.Contributions(DotVoteOnThree, Dots((A, 0))));
        Assert.Empty(Tally.Contributions(Ranking(2, A, B), Ranked()));
        Assert.Empty(Tally.Contributions(Rating(A), Rated()));
    }

    [Fact]
    public void A_first_answer_adds_each_of_its_keys_once()
    {
        var delta = Tally.Delta(DotVoteOnThree, null, Dots((A, 2), (B, 1)));
        Assert.Equal(3, delta.Count);
        Assert.Equal(1, delta[DotsOn(A, 2)]);
        Assert.Equal(1, delta[DotsOn(B, 1)]);
        Assert.Equal(1, delta[TallyKey.Respondent]);
    }

    [Fact]
    public void A_replacing_answer_moves_only_what_changed()
    {
        // A keeps its 2 dots and the participant stays one respondent: neither appears in the delta.
        var delta = Tally.Delta(DotVoteOnThree, Dots((A, 2), (B, 1)), Dots((A, 2), (C, 2)));
        Assert.Equal(2, delta.Count);
        Assert.Equal(-1, delta[DotsOn(B, 1)]);
        Assert.Equal(1, delta[DotsOn(C, 2)]);
    }

    [Fact]
    public void Changing_the_dots_on_an_item_removes_the_old_count_and_adds_the_new_one()
    {
        var delta = Tally.Delta(DotVoteOnThree, Dots((A, 1)), Dots((A, 2)));
        Assert.Equal(-1, delta[DotsOn(A, 1)]);
        Assert.Equal(1, delta[DotsOn(A, 2)]);
        Assert.Equal(2, delta.Count);
    }

    [Fact]
    public void Withdrawing_an_answer_removes_all_of_it_including_the_respondent()
    {
        var withdrawnToEmpty = Tally.Delta(DotVoteOnThree, Dots((A, 2), (B, 1)), Dots());
        var withdrawnToNothing = Tally.Delta(DotVoteOnThree, Dots((A, 2), (B, 1)), null);

        foreach (var delta in new[] { withdrawnToEmpty, withdrawnToNothing })
        {
            Assert.Equal(3, delta.Count);
            Assert.All(delta.Values, change => Assert.Equal(-1, change));
            Assert.Equal(-1, delta[TallyKey.Respondent]);
        }
        var counts = TallyOf(DotVoteOnThree, Dots((A, 2), (B, 1))).Apply(withdrawnToEmpty);
        Assert.Empty(counts.Counts);
    }

    [Fact]
    public void Resending_the_same_answer_is_an_empty_delta() =>
        Assert.Empty(Tally.Delta(DotVoteOnThree, Dots((A, 2), (B, 1)), Dots((A, 2), (B, 1)) with { ClientId = "resent" }));

    [Fact]
    public void A_delta_between_answers_of_different_rounds_is_refused() =>
        Assert.Throws<ArgumentException>(() => Tally.Delta(DotVoteOnThree, Dots((A, 1)), Dots((A, 1)) with { Round = 2 }));

    [Fact]
    public void Applying_a_delta_adds_counts_and_drops_those_reaching_zero()
    {
        var counts = TallyOf(DotVoteOnThree, Dots((A, 2)), Dots((A, 2), (B, 1)));
        Assert.Equal(2, counts.Get(DotsOn(A, 2)));
        Assert.Equal(2, counts.Respondents);

        var after = counts.Apply(Tally.Delta(DotVoteOnThree, Dots((A, 2), (B, 1)), Dots((A, 2))));
        Assert.Equal(0, after.Get(DotsOn(B, 1)));
        Assert.False(after.Counts.ContainsKey(DotsOn(B, 1)));
        Assert.Equal(2, after.Get(DotsOn(A, 2)));
        // The original is unchanged: counts are immutable.
        Assert.Equal(1, counts.Get(DotsOn(B, 1)));
    }

    [Fact]
    public void A_count_going_below_zero_is_a_bug_and_throws()
    {
        var counts = TallyOf(DotVoteOnThree, Dots((A, 1)));
        var withdraw = Tally.Delta(DotVoteOnThree, Dots((A, 1)), null);
        Assert.Throws<InvalidOperationException>(() => counts.Apply(withdraw).Apply(withdraw));
    }

    [Fact]
    public void Combined_deltas_apply_like_the_deltas_one_after_the_other()
    {
        var first = Tally.Delta(DotVoteOnThree, null, Dots((A, 2)));
        var second = Tally.Delta(DotVoteOnThree, Dots((A, 2)), Dots((B, 2)));
        var combined = Tally.Combine(first, second);

        // A's 2 dots came and went within the batch: the combined delta leaves them out.
        Assert.False(combined.ContainsKey(DotsOn(A, 2)));
        Assert.Equal(TallyCounts.Empty.Apply(first).Apply(second), TallyCounts.Empty.Apply(combined));
    }

    public static TheoryData<ActivityKind> Kinds => [ActivityKind.DotVote, ActivityKind.Rating, ActivityKind.Ranking];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Deltas_of_200_random_answers_add_up_to_the_tally_of_the_final_answers(ActivityKind kind)
    {
        var random = new Random(20240517 + (int)kind);
        var items = Enumerable.Range(1, 6).Select(Id).ToArray();
        var definition = kind switch
        {
            ActivityKind.DotVote => DotVote(items),
            ActivityKind.Rating => Rating(items),
            _ => Ranking(4, items),
        };
        var current = new Answer?[25];
        var oneByOne = TallyCounts.Empty;
        var batched = TallyCounts.Empty;
        var batch = ImmutableDictionary<TallyKey, int>.Empty;

        for (var step = 0; step < 200; step++)
        {
            var participant = random.Next(current.Length);
            // About one change in eight withdraws the answer altogether.
            var next = random.Next(8) == 0 ? null : RandomAnswer(random, definition, step);
            if (next is not null) AnswerRules.Validate(definition, next);

            var delta = Tally.Delta(definition, current[participant], next);
            oneByOne = oneByOne.Apply(delta);
            batch = Tally.Combine(batch, delta);
            if (random.Next(5) == 0)
            {
                batched = batched.Apply(batch);
                batch = ImmutableDictionary<TallyKey, int>.Empty;
            }
            current[participant] = next;
        }
        batched = batched.Apply(batch);

        var rebuilt = TallyCounts.FromAnswers(definition, current);
        Assert.Equal(rebuilt, oneByOne);
        Assert.Equal(rebuilt, batched);
        Assert.Equal(current.Count(a => a is { IsWithdrawal: false }), rebuilt.Respondents);
    }

    /// <summary>A valid answer, sometimes empty, drawn from <paramref name="random"/>.</summary>
    internal static Answer RandomAnswer(Random random, ActivityDefinition definition, int step)
    {
        var clientId = $"client-{step}";
        switch (definition.Kind)
        {
            case ActivityKind.DotVote:
                var dots = ImmutableDictionary.CreateBuilder<Guid, int>();
                var left = random.Next(definition.DotBudget + 1);
                foreach (var item in definition.Items.OrderBy(_ => random.Next()))
                {
                    var spend = Math.Min(left, random.Next(definition.MaxDotsPerItem + 1));
                    dots[item] = spend;
                    left -= spend;
                }
                return Answer.ForDots(definition.Id, 1, clientId, dots.ToImmutable());

            case ActivityKind.Rating:
                var ratings = definition.Scales.ToImmutableDictionary(
                    scale => scale.Key,
                    scale => definition.Items
                        .Where(_ => random.Next(3) > 0)
                        .ToImmutableDictionary(item => item, _ => random.Next(scale.Min, scale.Max + 1)));
                return Answer.ForRatings(definition.Id, 1, clientId, ratings);

            default:
                var length = random.Next(definition.RankTop + 1);
                return Answer.ForRanking(definition.Id, 1, clientId, [.. definition.Items.OrderBy(_ => random.Next()).Take(length)]);
        }
    }
}
