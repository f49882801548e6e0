using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Delphi.DelphiFixtures;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Delphi;

public class StabilityTests
{
    private static readonly ConsensusRule Rule = new();

    /// <summary>Stability from the two rounds' answers: pairs are the answers of participants who answered both.</summary>
    private static RoundStability Between(ActivityDefinition definition, (Answer Previous, Answer Current)[] pairs, Answer[]? onlyCurrent = null) =>
        DelphiRules.Between(definition, Rule, 1, 2, pairs,
            Results.For(definition, TallyOf(definition, [.. pairs.Select(p => p.Previous)])),
            Results.For(definition, TallyOf(definition, [.. pairs.Select(p => p.Current), .. onlyCurrent ?? []])));

    private static void AssertItem(ItemStability actual, Guid item, int paired, double movedShare, double medianChange, double iqrChange)
    {
        Assert.Equal((item, paired), (actual.Item, actual.Paired));
        Assert.Equal(movedShare, actual.MovedShare!.Value, 12);
        Assert.Equal(medianChange, actual.MedianChange!.Value, 12);
        Assert.Equal(iqrChange, actual.IqrChange!.Value, 12);
    }

    [Fact]
    public void A_rating_moved_by_more_than_one_point_counts_and_the_median_and_iqr_change_over_every_respondent()
    {
        var definition = ImportanceOf(A, B);
        (Answer, Answer)[] pairs =
        [
            (Importance(1, (A, 3), (B, 1)), Importance(2, (A, 4), (B, 1))), // A moved by one point: not counted.
            (Importance(1, (A, 2), (B, 2)), Importance(2, (A, 4), (B, 2))), // A moved by two: counted.
            (Importance(1, (A, 5), (B, 3)), Importance(2, (A, 5), (B, 3))),
            (Importance(1, (A, 4), (B, 5)), Importance(2, (A, 4), (B, 1))), // B moved by four: counted.
        ];
        // A fifth participant answers round 2 only: in the results, not in the pairs.
        var stability = Between(definition, pairs, [Importance(2, (A, 4), (B, 1))]);

        // A round 1: 2 3 4 5 → median 3.5, Q1 2.75, Q3 4.25, IQR 1.5; round 2: 4 4 4 4 5 → median 4, IQR 4 − 4 = 0.
        AssertItem(stability.Items[0], A, 4, 0.25, 0.5, -1.5);
        // B round 1: 1 2 3 5 → median 2.5, Q1 1.75, Q3 3.5, IQR 1.75; round 2: 1 1 1 2 3 → median 1, IQR 2 − 1 = 1.
        AssertItem(stability.Items[1], B, 4, 0.25, -1.5, -0.75);
        // Overall: 2 of 8 paired answers moved, 0.25 ≥ 0.15.
        Assert.Equal((1, 2, 8, 0.25, false, (double?)null),
            (stability.PreviousRound, stability.Round, stability.PairedAnswers, stability.MovedShare, stability.Stable, stability.KendallWChange));
    }

    [Fact]
    public void Only_items_rated_in_both_answers_pair_up()
    {
        var definition = ImportanceOf(A, B);
        // The second participant leaves B out in round 2; nobody moves.
        var stability = Between(definition,
            [(Importance(1, (A, 3), (B, 3)), Importance(2, (A, 3), (B, 3))), (Importance(1, (A, 4), (B, 4)), Importance(2, (A, 4)))]);
        Assert.Equal([2, 1], stability.Items.Select(i => i.Paired));
        Assert.Equal((3, 0.0, true), (stability.PairedAnswers, stability.MovedShare, stability.Stable));
    }

    [Theory]
    [InlineData(149, true)]  // 149/1000 = 14.9 % < 15 %
    [InlineData(150, false)] // 150/1000 = 15 % is not below 15 %
    public void A_round_is_stable_only_when_fewer_than_the_threshold_moved(int moving, bool stable)
    {
        var definition = ImportanceOf(A);
        var pairs = Enumerable.Range(0, 1000)
            .Select(i => (Importance(1, (A, 3)), Importance(2, (A, i < moving ? 5 : 3))))
            .ToArray();
        var stability = Between(definition, pairs);
        Assert.Equal(moving / 1000.0, stability.MovedShare);
        Assert.Equal(stable, stability.Stable);
    }

    [Fact]
    public void Without_paired_answers_a_round_is_not_stable()
    {
        var definition = ImportanceOf(A);
        var stability = Between(definition, [], [Importance(2, (A, 4))]);
        Assert.Equal(new ItemStability(A, "importance", 0, null, null, null), Assert.Single(stability.Items));
        Assert.Equal((0, (double?)null, false), (stability.PairedAnswers, stability.MovedShare, stability.Stable));
    }

    [Fact]
    public void A_ranking_moves_by_places_and_reports_the_change_of_kendalls_w()
    {
        // Top 3 of three, so nobody leaves an item out (places 1..3; 4 would be "left out").
        var definition = Ranking(3, A, B, C);
        (Answer, Answer)[] pairs =
        [
            (RankedIn(1, A, B, C), RankedIn(2, A, B, C)), // nobody moves
            (RankedIn(1, B, C, A), RankedIn(2, A, B, C)), // A 3 → 1 moves two places; B 1 → 2 and C 2 → 3 move one
            (RankedIn(1, C, A, B), RankedIn(2, A, B, C)), // C 1 → 3 moves two; A 2 → 1 and B 3 → 2 move one
        ];
        var stability = Between(definition, pairs);

        Assert.All(stability.Items, i => Assert.Equal(TallyMeasure.Rank, i.Scale));
        // A: places 1 3 2 → median 2, Q1 1.5, Q3 2.5, IQR 1; then 1 1 1 → median 1, IQR 0.
        AssertItem(stability.Items[0], A, 3, 1 / 3.0, -1, -1);
        // B: 2 1 3 → median 2, IQR 1; then 2 2 2 → median 2, IQR 0.
        AssertItem(stability.Items[1], B, 3, 0, 0, -1);
        // C: 3 2 1 → median 2, IQR 1; then 3 3 3 → median 3, IQR 0.
        AssertItem(stability.Items[2], C, 3, 1 / 3.0, 1, -1);
        Assert.Equal(9, stability.PairedAnswers);
        Assert.Equal(2 / 9.0, stability.MovedShare!.Value, 12);
        // Round 1: rank sums A 1+3+2, B 2+1+3, C 3+2+1 all 6 → S = 0, W = 0.
        // Round 2: rank sums 3, 6, 9 around 6 → S = 9 + 0 + 9 = 18; W = 12·18 / (3²·(3³ − 3)) = 216/216 = 1.
        Assert.Equal(1, stability.KendallWChange!.Value, 12);
    }

    [Fact]
    public void A_ranked_item_left_out_in_the_next_round_moves_to_the_place_after_the_last()
    {
        // Top 2 of three: A first, then left out (place 3): two places; B 2 → 1 and C left out → 2: one place each.
        var definition = Ranking(2, A, B, C);
        var stability = Between(definition, [(RankedIn(1, A, B), RankedIn(2, B, C))]);
        Assert.Equal([1.0, 0.0, 0.0], stability.Items.Select(i => i.MovedShare!.Value));
    }
}
