using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Statistics;

public class RankingResultsTests
{
    private const int Precision = 12;

    [Fact]
    public void Identical_complete_rankings_agree_perfectly()
    {
        var definition = Ranking(3, A, B, C);
        var counts = TallyOf(definition, Ranked(A, B, C), Ranked(A, B, C), Ranked(A, B, C), Ranked(A, B, C));

        var results = RankingResults.From(definition, counts);

        // n = 4, m = 3: rank sums A 4, B 8, C 12, mean 8, S = 16 + 0 + 16 = 32;
        // W = 12·32 / (4²·(3³ − 3)) = 384 / 384 = 1.
        Assert.Equal(1.0, results.KendallW, Precision);
        // Borda with k = 3 (3, 2, 1 points): A 4·3 = 12, B 4·2 = 8, C 4·1 = 4.
        Assert.Equal(
            [new RankingItemResult(A, 4, 12, 1.0, 1), new RankingItemResult(B, 4, 8, 2.0, 2), new RankingItemResult(C, 4, 4, 3.0, 3)],
            results.Items);
    }

    [Fact]
    public void Borda_mean_rank_and_concordance_of_differing_complete_rankings()
    {
        var definition = Ranking(3, A, B, C);
        var counts = TallyOf(definition, Ranked(A, B, C), Ranked(A, C, B), Ranked(B, A, C));

        var results = RankingResults.From(definition, counts);

        // Places:    A 1, 1, 2     B 2, 3, 1     C 3, 2, 3.
        // Borda (3, 2, 1 points): A 3 + 3 + 2 = 8; B 2 + 1 + 3 = 6; C 1 + 2 + 1 = 4.
        // Mean rank: A 4/3; B 6/3 = 2; C 8/3.
        // Rank sums 4, 6, 8, mean n(m + 1)/2 = 3·4/2 = 6, S = 4 + 0 + 4 = 8;
        // W = 12·8 / (3²·(27 − 3)) = 96 / 216 = 4/9.
        Assert.Equal(3, results.Respondents);
        Assert.Equal([A, B, C], results.Items.Select(i => i.Item));
        Assert.Equal([8, 6, 4], results.Items.Select(i => i.Borda));
        Assert.Equal([3, 3, 3], results.Items.Select(i => i.N));
        Assert.Equal(4.0 / 3, results.Items[0].MeanRank!.Value, Precision);
        Assert.Equal(2.0, results.Items[1].MeanRank!.Value, Precision);
        Assert.Equal(8.0 / 3, results.Items[2].MeanRank!.Value, Precision);
        Assert.Equal(4.0 / 9, results.KendallW, Precision);
    }

    [Fact]
    public void Partial_rankings_tie_the_unranked_items_and_correct_for_the_ties()
    {
        // Four items, top 2.
        var definition = Ranking(2, A, B, C, D);
        var counts = TallyOf(definition, Ranked(A, B), Ranked(A, C), Ranked(B));

        var results = RankingResults.From(definition, counts);

        // Unranked items share the places left, (k + 1 + m)/2:
        //   [A, B] (k = 2): A 1, B 2, C and D (2 + 1 + 4)/2 = 3.5; tie T = 2³ − 2 = 6.
        //   [A, C] (k = 2): A 1, C 2, B and D 3.5;                   T = 6.
        //   [B]    (k = 1): B 1, A, C and D (1 + 1 + 4)/2 = 3;       T = 3³ − 3 = 24.
        // Rank sums: A 1 + 1 + 3 = 5; B 2 + 3.5 + 1 = 6.5; C 3.5 + 2 + 3 = 8.5; D 3.5 + 3.5 + 3 = 10 (total 30 = 3·10).
        // Mean 7.5; S = 2.5² + 1² + 1² + 2.5² = 14.5; ΣT = 36;
        // W = 12·14.5 / (3²·(4³ − 4) − 3·36) = 174 / (540 − 108) = 174 / 432 = 29/72.
        Assert.Equal(29.0 / 72, results.KendallW, Precision);

        // Borda with k = 2 (2 points for first, 1 for second): A 2 + 2 = 4; B 1 + 2 = 3; C 1; D 0.
        // Mean rank among those who ranked it: A (1 + 1)/2 = 1; B (2 + 1)/2 = 1.5; C 2; D never ranked.
        Assert.Equal(
            [
                new RankingItemResult(A, 2, 4, 1.0, 1),
                new RankingItemResult(B, 2, 3, 1.5, 2),
                new RankingItemResult(C, 1, 1, 2.0, 3),
                new RankingItemResult(D, 0, 0, null, 4),
            ],
            results.Items);
    }

    [Fact]
    public void Which_participant_left_an_item_out_changes_the_concordance()
    {
        // The same places and lengths, held by different participants: [A] [A] [B, C] versus [A] [B] [A, C].
        // Both have A first twice, B first once, C second once, two rankings of one item and one of two;
        // the "rankedAmong" counts tell them apart, which places and lengths alone could not.
        var definition = Ranking(2, A, B, C);
        var first = RankingResults.From(definition, TallyOf(definition, Ranked(A), Ranked(A), Ranked(B, C)));
        var second = RankingResults.From(definition, TallyOf(definition, Ranked(A), Ranked(B), Ranked(A, C)));

        // Denominator for both: n = 3, m = 3, ΣT = 6 + 6 + 0 (two rankings leave two items tied, 2³ − 2 = 6):
        //   3²·(27 − 3) − 3·12 = 216 − 36 = 180; mean rank sum 3·4/2 = 6.
        // First:  [A] twice gives A 1, B and C (1 + 1 + 3)/2 = 2.5; [B, C] gives B 1, C 2, A 3.
        //   Rank sums A 1 + 1 + 3 = 5, B 2.5 + 2.5 + 1 = 6, C 2.5 + 2.5 + 2 = 7; S = 1 + 0 + 1 = 2; W = 24/180 = 2/15.
        // Second: [A] gives A 1, B and C 2.5; [B] gives B 1, A and C 2.5; [A, C] gives A 1, C 2, B 3.
        //   Rank sums A 1 + 2.5 + 1 = 4.5, B 2.5 + 1 + 3 = 6.5, C 2.5 + 2.5 + 2 = 7; S = 2.25 + 0.25 + 1 = 3.5; W = 42/180 = 7/30.
        Assert.Equal(2.0 / 15, first.KendallW, Precision);
        Assert.Equal(7.0 / 30, second.KendallW, Precision);
        // Borda and mean ranks do not see the difference.
        Assert.Equal(first.Items.Select(i => (i.Item, i.Borda, i.MeanRank)), second.Items.Select(i => (i.Item, i.Borda, i.MeanRank)));
    }

    [Fact]
    public void Fewer_than_two_participants_have_no_concordance()
    {
        var definition = Ranking(3, A, B, C);
        Assert.Equal(0, RankingResults.From(definition, TallyOf(definition, Ranked(A, B, C))).KendallW);
        Assert.Equal(0, RankingResults.From(definition, TallyCounts.Empty).KendallW);
    }

    [Fact]
    public void Opposite_rankings_of_two_items_have_no_concordance()
    {
        // [A, B] and [B, A]: rank sums 3 and 3, S = 0, W = 0.
        var definition = Ranking(2, A, B);
        Assert.Equal(0, RankingResults.From(definition, TallyOf(definition, Ranked(A, B), Ranked(B, A))).KendallW, Precision);
    }

    [Fact]
    public void Equal_borda_scores_share_a_rank_in_item_order()
    {
        // [B, A] and [A, B] with k = 2: A 1 + 2 = 3, B 2 + 1 = 3, C 0 → ranks 1, 1, 3.
        var definition = Ranking(2, A, B, C);
        var results = RankingResults.From(definition, TallyOf(definition, Ranked(B, A), Ranked(A, B)));
        Assert.Equal([(A, 3, 1), (B, 3, 1), (C, 0, 3)], results.Items.Select(i => (i.Item, i.Borda, i.Rank)));
    }

    [Fact]
    public void Concordance_from_the_tally_matches_a_direct_computation_on_random_partial_rankings()
    {
        // A cross-check beside the worked cases: the full rank matrix, built participant by participant.
        var random = new Random(11);
        var items = Enumerable.Range(1, 7).Select(Id).ToArray();
        var definition = Ranking(4, items);
        for (var trial = 0; trial < 30; trial++)
        {
            var rankings = Enumerable.Range(0, random.Next(2, 15))
                .Select(step => TallyTests.RandomAnswer(random, definition, step).Ranking!)
                .Where(r => r.Count > 0)
                .Select(r => r.ToArray())
                .ToArray();
            var counts = TallyOf(definition, [.. rankings.Select(r => Ranked(r))]);
            Assert.Equal(CrossCheck(definition, rankings), RankingResults.From(definition, counts).KendallW, Precision);
        }
    }

    /// <summary>Kendall's W with tie correction, straight from each participant's full row of ranks.</summary>
    private static double CrossCheck(ActivityDefinition definition, Guid[][] rankings)
    {
        int n = rankings.Length, m = definition.Items.Count;
        if (n < 2) return 0;
        var rankSums = new double[m];
        double ties = 0;
        foreach (var ranking in rankings)
        {
            var k = ranking.Length;
            for (var i = 0; i < m; i++)
            {
                var place = Array.IndexOf(ranking, definition.Items[i]);
                rankSums[i] += place >= 0 ? place + 1 : (k + 1 + m) / 2.0;
            }
            var g = m - k;
            ties += Math.Pow(g, 3) - g;
        }
        var mean = rankSums.Average();
        var s = rankSums.Sum(r => (r - mean) * (r - mean));
        var denominator = (double)n * n * (Math.Pow(m, 3) - m) - n * ties;
        return denominator == 0 ? 0 : 12 * s / denominator;
    }
}
