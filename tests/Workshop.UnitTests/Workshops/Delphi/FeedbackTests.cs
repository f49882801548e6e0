using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Delphi;

public class FeedbackTests
{
    private static readonly ConsensusRule Rule = new(MinN: 3);

    private static DelphiRound Closed(ActivityDefinition definition, TallyCounts counts, params Guid[] asked) =>
        new(1, [.. asked], 3, counts.Respondents, DelphiRules.Evaluate(definition, Rule, counts, asked), null, []);

    [Fact]
    public void Each_scale_of_each_item_asked_shows_the_previous_median_quartiles_histogram_and_status()
    {
        var definition = Rating(A, B);
        var counts = TallyOf(definition,
            Rated(("importance", A, 4), ("development", A, 2)),
            Rated(("importance", A, 5), ("development", A, 2)),
            Rated(("importance", A, 5), ("development", A, 3)));
        var feedback = DelphiRules.Feedback(definition, Closed(definition, counts, A), Results.For(definition, counts));

        Assert.Equal(2, feedback.Count);
        // Importance 4 5 5: median 5; Q1 h = 0.5 → 4.5, Q3 h = 1.5 → 5; agreement 3/3, IQR 0.5: in.
        AssertFeedback(feedback[0], "importance", 5, 4.5, 5, [0, 0, 0, 1, 2], ConsensusStatus.In);
        // Development 2 2 3: median 2; Q1 2, Q3 2.5; disagreement 2/3 < 0.75: no consensus.
        AssertFeedback(feedback[1], "development", 2, 2, 2.5, [0, 2, 1, 0, 0], ConsensusStatus.NoConsensus);
        // B was not asked in round 1, so it has no feedback.
        Assert.All(feedback, f => Assert.Equal((A, 1), (f.Item, f.Round)));
    }

    private static void AssertFeedback(ItemFeedback actual, string scale, double median, double q1, double q3, int[] histogram, ConsensusStatus status)
    {
        Assert.Equal((scale, median, q1, q3, status), (actual.Scale, actual.Median, actual.Q1, actual.Q3, actual.Status));
        Assert.Equal(histogram, actual.Histogram);
    }

    [Fact]
    public void A_ranking_shows_the_median_place_and_status_of_the_previous_round()
    {
        // Top 2 of three: A first three times (place 1), B second, C left out (place 3).
        var definition = Ranking(2, A, B, C);
        var counts = TallyOf(definition, Ranked(A, B), Ranked(A, B), Ranked(A, B));
        var feedback = DelphiRules.Feedback(definition, Closed(definition, counts, A, B, C), Results.For(definition, counts));

        Assert.Equal([(A, 1.0, ConsensusStatus.In), (B, 2.0, ConsensusStatus.NoConsensus), (C, 3.0, ConsensusStatus.Out)],
            feedback.Select(f => (f.Item, f.Median!.Value, f.Status)));
        Assert.All(feedback, f => Assert.Equal(TallyMeasure.Rank, f.Scale));
    }
}
