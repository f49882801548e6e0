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
    public void A_list_passed_in_is_refilled_with_only_the_new_answers_keys()
    {
        var keys = new List<TallyKey>();
        Tally.Contributions(DotVoteOnThree, Dots((A, 2), (B, 1)), keys);

        var again = Tally.Contributions(DotVoteOnThree, Dots((C, 3)), keys);

        Assert.Same(keys, again);
        Assert.Equal([DotsOn(C, 3), TallyKey.Respondent], keys);
        Assert.Empty(Tally.Contributions(DotVoteOnThree, null, keys));
    }

    public static TheoryData<ActivityKind> Kinds => [ActivityKind.DotVote, ActivityKind.Rating, ActivityKind.Ranking];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_live_tally_of_200_random_changes_equals_the_tally_of_the_final_answers(ActivityKind kind)
    {
        var random = new Random(20240517 + (int)kind);
        var items = Enumerable.Range(1, 6).Select(Id).ToArray();
        var definition = kind switch
        {
            ActivityKind.DotVote => DotVote(items),
            ActivityKind.Rating => Rating(items),
            _ => Ranking(4, items),
        };
        var participants = Enumerable.Range(1, 25).Select(_ => Guid.NewGuid()).ToArray();
        var current = new Answer?[participants.Length];
        var versions = new int[participants.Length];
        var live = new LiveTally(definition, 1);

        for (var step = 0; step < 200; step++)
        {
            var participant = random.Next(participants.Length);
            var next = RandomAnswer(random, definition, step);
            AnswerRules.Validate(definition, next);
            live.Set(participants[participant], ++versions[participant], next);
            current[participant] = next;
            // Snapshots are taken between answers, as the room's timer does.
            if (random.Next(5) == 0) Assert.Equal(TallyCounts.FromAnswers(definition, current), live.Counts);
        }

        var rebuilt = TallyCounts.FromAnswers(definition, current);
        Assert.Equal(rebuilt, live.Counts);
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
