using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Delphi.DelphiFixtures;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Delphi;

public class ConsensusTests
{
    private static readonly ConsensusRule Default = new();
    private static readonly ConsensusRule AgreementOnly = new(MinAgreement: 0.75, MaxIqr: null);
    private static readonly ConsensusRule IqrOnly = new(MinAgreement: null, MaxIqr: 1);

    private static void AssertConsensus(ItemConsensus actual, ConsensusStatus status, int n, double agreement, double disagreement, double median, double iqr)
    {
        Assert.Equal((status, n), (actual.Status, actual.N));
        Assert.Equal(agreement, actual.Agreement!.Value, 12);
        Assert.Equal(disagreement, actual.Disagreement!.Value, 12);
        Assert.Equal(median, actual.Median!.Value, 12);
        Assert.Equal(iqr, actual.Iqr!.Value, 12);
    }

    [Fact]
    public void Agreement_in_the_top_two_points_with_an_iqr_at_the_limit_is_consensus_in()
    {
        // 4 4 5 5 5: agreement (4 or 5) 5/5; median x[2] = 5; Q1 x[1] = 4, Q3 x[3] = 5, IQR 1 = the limit.
        AssertConsensus(Judged(Default, 4, 4, 5, 5, 5), ConsensusStatus.In, 5, 1, 0, 5, 1);
    }

    [Fact]
    public void Everyone_answering_the_same_is_consensus_with_an_iqr_of_0_and_a_middle_answer_is_none()
    {
        // 4 4 4 4 4: agreement 5/5, Q1 = Q3 = 4, IQR 0; 3 3 3 3 3: neither top nor bottom two, IQR 0: no consensus.
        AssertConsensus(Judged(Default, 4, 4, 4, 4, 4), ConsensusStatus.In, 5, 1, 0, 4, 0);
        AssertConsensus(Judged(Default, 3, 3, 3, 3, 3), ConsensusStatus.NoConsensus, 5, 0, 0, 3, 0);
    }

    [Fact]
    public void Agreement_in_the_bottom_two_points_is_consensus_out()
    {
        // 1 1 1 2 2: disagreement (1 or 2) 5/5; median 1; Q1 x[1] = 1, Q3 x[3] = 2, IQR 1.
        AssertConsensus(Judged(Default, 1, 2, 1, 2, 1), ConsensusStatus.Out, 5, 0, 1, 1, 1);
    }

    [Fact]
    public void A_spread_panel_has_no_consensus()
    {
        // 1 2 3 4 5: agreement 2/5, disagreement 2/5; median 3; Q1 x[1] = 2, Q3 x[3] = 4, IQR 2.
        AssertConsensus(Judged(Default, 1, 2, 3, 4, 5), ConsensusStatus.NoConsensus, 5, 0.4, 0.4, 3, 2);
    }

    [Fact]
    public void Three_of_four_reach_a_threshold_of_75_percent_exactly()
    {
        // 3 4 4 5 (n = 4): agreement 3/4 = 0.75; median h = 1.5 → 4; Q1 h = 0.75 → 3.75, Q3 h = 2.25 → 4.25, IQR 0.5.
        AssertConsensus(Judged(Default with { MinN = 4 }, 3, 4, 4, 5), ConsensusStatus.In, 4, 0.75, 0, 4, 0.5);
    }

    [Fact]
    public void Fewer_answers_than_the_minimum_n_have_no_consensus_however_much_they_agree()
    {
        // 5 5 5 5: everybody agrees (1, IQR 0), but n = 4 < MinN 5.
        AssertConsensus(Judged(Default, 5, 5, 5, 5), ConsensusStatus.NoConsensus, 4, 1, 0, 5, 0);
    }

    [Fact]
    public void An_item_nobody_rated_has_no_consensus_and_no_figures()
    {
        var definition = ImportanceOf(A, B);
        var consensus = DelphiRules.Evaluate(definition, Default, ItemRated(definition, A, 5, 5, 5, 5, 5), [A, B]);
        Assert.Equal(new ItemConsensus(B, "importance", ConsensusStatus.NoConsensus, 0, null, null, null, null), consensus[1]);
    }

    public static TheoryData<int[], ConsensusStatus, ConsensusStatus, ConsensusStatus> ByRule => new()
    {
        // 1 1 4 4 4 5 5 5 (n = 8): agreement 6/8 = 0.75; median h = 3.5 → 4; Q1 h = 1.75 → 1 + 0.75·3 = 3.25, Q3 h = 5.25 → 5; IQR 1.75.
        { [1, 1, 4, 4, 4, 5, 5, 5], ConsensusStatus.In, ConsensusStatus.NoConsensus, ConsensusStatus.NoConsensus },
        // 3 3 4 4 4: agreement 3/5 = 0.6; median 4 above the middle 3; Q1 x[1] = 3, Q3 x[3] = 4, IQR 1.
        { [3, 3, 4, 4, 4], ConsensusStatus.NoConsensus, ConsensusStatus.In, ConsensusStatus.NoConsensus },
        // 2 2 2 3 3: disagreement 3/5 = 0.6; median 2 below the middle; IQR 1.
        { [2, 2, 2, 3, 3], ConsensusStatus.NoConsensus, ConsensusStatus.Out, ConsensusStatus.NoConsensus },
        // 3 3 3 3 3: everybody answers the same, IQR 0, but the median is the exact middle of 1-5.
        { [3, 3, 3, 3, 3], ConsensusStatus.NoConsensus, ConsensusStatus.NoConsensus, ConsensusStatus.NoConsensus },
        // 4 4 4 4 4: everybody answers the same above the middle: agreement 1, IQR 0.
        { [4, 4, 4, 4, 4], ConsensusStatus.In, ConsensusStatus.In, ConsensusStatus.In },
    };

    [Theory]
    [MemberData(nameof(ByRule))]
    public void Each_part_of_the_rule_holds_alone_and_both_must_hold_together(
        int[] importance, ConsensusStatus byAgreement, ConsensusStatus byIqr, ConsensusStatus byBoth)
    {
        Assert.Equal(byAgreement, Judged(AgreementOnly, importance).Status);
        Assert.Equal(byIqr, Judged(IqrOnly, importance).Status);
        Assert.Equal(byBoth, Judged(Default, importance).Status);
    }

    [Fact]
    public void A_panel_split_evenly_between_both_ends_has_no_consensus_at_a_50_percent_threshold()
    {
        // 1 1 5 5: agreement 2/4 = 0.5 and disagreement 2/4 = 0.5 both reach 0.5: neither side wins.
        var split = new ConsensusRule(MinAgreement: 0.5, MaxIqr: null, MinN: 4);
        Assert.Equal(ConsensusStatus.NoConsensus, Judged(split, 1, 1, 5, 5).Status);
        Assert.Equal(ConsensusStatus.In, Judged(split, 1, 5, 5, 5).Status);
    }

    [Fact]
    public void A_ranking_counts_an_item_left_out_as_the_place_after_the_last()
    {
        // Top 3 of five: places 1..4, 4 = left out; agreement = places 1-2, disagreement = places 3-4.
        var definition = Ranking(3, A, B, C, D, E);
        var counts = TallyOf(definition, Ranked(A, B, C), Ranked(A, C, B), Ranked(B, A, D), Ranked(A, B, E), Ranked(B, C, A));
        var consensus = DelphiRules.Evaluate(definition, Default, counts, definition.Items);

        Assert.All(consensus, c => Assert.Equal(TallyMeasure.Rank, c.Scale));
        Assert.Equal([A, B, C, D, E], consensus.Select(c => c.Item));
        // A: 1 1 2 1 3 → sorted 1 1 1 2 3; agreement 4/5, disagreement 1/5; median 1; Q1 1, Q3 2, IQR 1.
        AssertConsensus(consensus[0], ConsensusStatus.In, 5, 0.8, 0.2, 1, 1);
        // B: 2 3 1 2 1 → 1 1 2 2 3; agreement 4/5, disagreement 1/5; median 2; IQR 2 − 1 = 1.
        AssertConsensus(consensus[1], ConsensusStatus.In, 5, 0.8, 0.2, 2, 1);
        // C: 3 2 4 4 2 → 2 2 3 4 4; agreement 2/5, disagreement 3/5: neither reaches 0.75; IQR 4 − 2 = 2.
        AssertConsensus(consensus[2], ConsensusStatus.NoConsensus, 5, 0.4, 0.6, 3, 2);
        // D: 4 4 3 4 4 → 3 4 4 4 4; disagreement 5/5; median 4; IQR 0.
        AssertConsensus(consensus[3], ConsensusStatus.Out, 5, 0, 1, 4, 0);
        // E: 4 4 4 3 4, as D.
        AssertConsensus(consensus[4], ConsensusStatus.Out, 5, 0, 1, 4, 0);
    }

    [Fact]
    public void On_a_top_two_ranking_only_the_first_place_agrees_and_only_being_left_out_disagrees()
    {
        // Places 1..3, a three-point scale: one place at each end. Everyone ranks A then B.
        var definition = Ranking(2, A, B, C);
        var counts = TallyOf(definition, [.. Enumerable.Repeat(Ranked(A, B), 5)]);
        var consensus = DelphiRules.Evaluate(definition, Default, counts, definition.Items);

        Assert.Equal([ConsensusStatus.In, ConsensusStatus.NoConsensus, ConsensusStatus.Out], consensus.Select(c => c.Status));
        // B is second for everyone: neither end, median 2 the exact middle.
        AssertConsensus(consensus[1], ConsensusStatus.NoConsensus, 5, 0, 0, 2, 0);
    }

    [Fact]
    public void Only_the_given_items_are_evaluated_in_the_activitys_order()
    {
        var definition = ImportanceOf(A, B, C);
        var consensus = DelphiRules.Evaluate(definition, Default, ItemRated(definition, A, 4), [C, A, NotAnItem]);
        Assert.Equal([A, C], consensus.Select(c => c.Item));
    }

    [Fact]
    public void Every_scale_of_a_rating_is_evaluated()
    {
        var definition = Rating(A);
        var counts = TallyOf(definition, [.. Enumerable.Repeat(Rated(("importance", A, 5), ("development", A, 1)), 5)]);
        var consensus = DelphiRules.Evaluate(definition, Default, counts, [A]);
        Assert.Equal([("importance", ConsensusStatus.In), ("development", ConsensusStatus.Out)], consensus.Select(c => (c.Scale, c.Status)));
    }
}
