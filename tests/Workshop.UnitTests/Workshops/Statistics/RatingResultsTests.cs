using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Statistics;

public class RatingResultsTests
{
    private const int Precision = 12;

    private static ScaleStatistics Of(RatingScale scale, params int[] ratings) =>
        ScaleStatistics.FromHistogram(scale, ratings.GroupBy(r => r).Select(g => (g.Key, g.Count())));

    private static void AssertStatistics(ScaleStatistics actual, int n, double mean, double median, double sd, double q1, double q3, double agreement)
    {
        Assert.Equal(n, actual.N);
        Assert.Equal(mean, actual.Mean!.Value, Precision);
        Assert.Equal(median, actual.Median!.Value, Precision);
        Assert.Equal(sd, actual.StandardDeviation!.Value, Precision);
        Assert.Equal(q1, actual.Q1!.Value, Precision);
        Assert.Equal(q3, actual.Q3!.Value, Precision);
        Assert.Equal(q3 - q1, actual.Iqr!.Value, Precision);
        Assert.Equal(agreement, actual.Agreement!.Value, Precision);
    }

    [Fact]
    public void Statistics_of_an_odd_number_of_ratings()
    {
        // 1 2 4 4 5 (n = 5): mean 16/5 = 3.2; median x[2] = 4;
        // Q1: h = 4·0.25 = 1 → x[1] = 2; Q3: h = 4·0.75 = 3 → x[3] = 4; IQR 2;
        // deviations -2.2 -1.2 0.8 0.8 1.8, squares 4.84 + 1.44 + 0.64 + 0.64 + 3.24 = 10.8, /4 = 2.7, SD √2.7;
        // agreement: 4, 4, 5 are in the top two points → 3/5.
        AssertStatistics(Of(RatingScale.Importance, 4, 1, 5, 2, 4), 5, 3.2, 4, Math.Sqrt(2.7), 2, 4, 0.6);
    }

    [Fact]
    public void Statistics_of_an_even_number_of_ratings_interpolate_between_the_middle_two()
    {
        // 1 2 3 5 (n = 4): mean 11/4 = 2.75; median h = 3·0.5 = 1.5 → 2 + 0.5·(3 − 2) = 2.5;
        // Q1: h = 0.75 → 1 + 0.75·(2 − 1) = 1.75; Q3: h = 2.25 → 3 + 0.25·(5 − 3) = 3.5; IQR 1.75;
        // deviations -1.75 -0.75 0.25 2.25, squares 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75, /3, SD √(35/12);
        // agreement: only 5 → 1/4.
        AssertStatistics(Of(RatingScale.Importance, 5, 3, 1, 2), 4, 2.75, 2.5, Math.Sqrt(8.75 / 3), 1.75, 3.5, 0.25);
    }

    [Fact]
    public void Two_ratings_have_a_median_halfway_and_quartiles_a_quarter_of_the_way()
    {
        // 3 5: mean 4; median 3 + 0.5·2 = 4; Q1 3 + 0.25·2 = 3.5; Q3 3 + 0.75·2 = 4.5;
        // deviations ±1, squares 2, /1, SD √2; agreement: 5 → 1/2.
        AssertStatistics(Of(RatingScale.Development, 3, 5), 2, 4, 4, Math.Sqrt(2), 3.5, 4.5, 0.5);
    }

    [Fact]
    public void A_single_rating_has_no_spread()
    {
        // 4: every location statistic is 4, SD 0 (fewer than two ratings), IQR 0, agreement 1/1.
        AssertStatistics(Of(RatingScale.Importance, 4), 1, 4, 4, 0, 4, 4, 1);
    }

    [Fact]
    public void Without_ratings_every_statistic_is_missing_and_the_histogram_is_all_zero()
    {
        var none = Of(RatingScale.Importance);
        Assert.Equal(0, none.N);
        Assert.Null(none.Mean);
        Assert.Null(none.Median);
        Assert.Null(none.StandardDeviation);
        Assert.Null(none.Q1);
        Assert.Null(none.Q3);
        Assert.Null(none.Iqr);
        Assert.Null(none.Agreement);
        Assert.Equal([0, 0, 0, 0, 0], none.Histogram);
    }

    [Fact]
    public void The_histogram_counts_each_value_from_the_lowest_to_the_highest()
    {
        Assert.Equal([1, 1, 0, 2, 1], Of(RatingScale.Importance, 4, 1, 5, 2, 4).Histogram);
    }

    [Fact]
    public void Agreement_counts_the_top_two_points_of_any_scale()
    {
        // 0-10: the top two points are 9 and 10. 8 9 10 10 → 3 of 4.
        var zeroToTen = new RatingScale("score", Labels("Score"), 0, 10);
        Assert.Equal(0.75, Of(zeroToTen, 8, 9, 10, 10).Agreement!.Value, Precision);
        // 1-5: 3 3 4 5 5 → 4, 5, 5 → 3 of 5.
        Assert.Equal(0.6, Of(RatingScale.Importance, 3, 3, 4, 5, 5).Agreement!.Value, Precision);
    }

    [Fact]
    public void Agreement_on_a_three_point_scale_counts_only_its_top_point()
    {
        // 1-3: the top two points would be two thirds of the scale; only 3 counts. 1 2 3 3 → 2 of 4.
        var threePoints = new RatingScale("agree", Labels("Agree"), 1, 3);
        Assert.Equal(0.5, Of(threePoints, 1, 2, 3, 3).Agreement!.Value, Precision);
    }

    [Fact]
    public void Results_of_a_rating_give_each_item_on_each_scale_and_the_importance_by_development_matrix()
    {
        var definition = Rating(A, B);
        var counts = TallyOf(definition,
            Rated(("importance", A, 1), ("importance", B, 1), ("development", A, 3)),
            Rated(("importance", A, 2), ("importance", B, 2), ("development", A, 5)),
            Rated(("importance", A, 4), ("importance", B, 3)),
            Rated(("importance", A, 4), ("importance", B, 5)),
            Rated(("importance", A, 5)));

        var results = RatingResults.From(definition, counts);

        Assert.Equal(5, results.Respondents);
        Assert.Equal([A, B], results.Items.Select(i => i.Item));
        var a = results.Items[0];
        var b = results.Items[1];
        Assert.Equal(["importance", "development"], a.Scales.Select(s => s.Scale));
        // A importance 1 2 4 4 5 and B importance 1 2 3 5: the worked cases above.
        AssertStatistics(a.For("importance")!, 5, 3.2, 4, Math.Sqrt(2.7), 2, 4, 0.6);
        AssertStatistics(b.For("importance")!, 4, 2.75, 2.5, Math.Sqrt(8.75 / 3), 1.75, 3.5, 0.25);
        // A development 3 5: mean 4; nobody rated B's development.
        AssertStatistics(a.For("development")!, 2, 4, 4, Math.Sqrt(2), 3.5, 4.5, 0.5);
        Assert.Equal(0, b.For("development")!.N);

        Assert.NotNull(results.Matrix);
        Assert.Equal(("importance", "development"), (results.Matrix.XScale, results.Matrix.YScale));
        Assert.Equal([new MatrixPoint(A, 3.2, 4), new MatrixPoint(B, 2.75, null)], results.Matrix.Points);
    }

    [Fact]
    public void A_rating_on_one_scale_has_no_matrix()
    {
        var definition = ActivityDefinition.Rating(ActivityId, Title, [A], [RatingScale.Importance]);
        var results = RatingResults.From(definition, TallyOf(definition, Rated(("importance", A, 3))));
        Assert.Null(results.Matrix);
        Assert.Equal(3, results.Items[0].For("importance")!.Mean);
    }

    [Fact]
    public void Statistics_from_the_tally_match_a_direct_computation_on_the_raw_ratings()
    {
        // A cross-check beside the worked cases: many random ratings, sorted and measured directly.
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var ratings = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(1, 6)).ToArray();
            var sorted = ratings.Order().Select(r => (double)r).ToArray();
            double Quantile(double p)
            {
                var h = (sorted.Length - 1) * p;
                var low = (int)Math.Floor(h);
                return low + 1 < sorted.Length ? sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
            }
            var mean = sorted.Average();
            var sd = sorted.Length < 2 ? 0 : Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1));

            AssertStatistics(Of(RatingScale.Importance, ratings), ratings.Length, mean, Quantile(0.5), sd, Quantile(0.25), Quantile(0.75),
                (double)ratings.Count(r => r >= 4) / ratings.Length);
        }
    }
}
