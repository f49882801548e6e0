using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Delphi.DelphiFixtures;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Delphi;

/// <summary>What a closing round of an activity with a rule records (<see cref="DelphiClose"/>), from the answers handed in.</summary>
public sealed class DelphiCloseTests
{
    private static readonly ConsensusRule Rule = new(MinN: 2);
    private static readonly ActivityDefinition Rating = ImportanceOf(A, B, C) with { Consensus = Rule };

    /// <summary>The activity as it closes <paramref name="round"/> (asking <paramref name="roundItems"/>), after the rounds before closed with these answers.</summary>
    private static ActivityState Closing(int round, ImmutableList<Guid>? roundItems, params Answer[][] earlierRounds) =>
        new(Rating, [], ActivityStatus.Closed, round, false, false, null, TallyCounts.Empty,
            [.. earlierRounds.Select(answers => Results.For(Rating, TallyCounts.FromAnswers(Rating, answers)))], RoundItems: roundItems);

    private static DelphiRound Close(ActivityState activity, params HandedIn[] handedIn)
    {
        var counts = TallyCounts.FromAnswers(activity.Definition, handedIn.Select(h => h.Current));
        return DelphiClose.Round(activity, Rule, handedIn.Length, handedIn, counts, Results.For(activity.Definition, counts));
    }

    private static Answer WithReasons(Answer answer, params (Guid Item, string Text)[] reasons) =>
        answer with { Reasons = reasons.ToImmutableDictionary(r => r.Item, r => r.Text) };

    [Fact]
    public void Round_1_has_consensus_and_reasons_but_no_stability_and_counts_who_answered_among_all_participants()
    {
        var round = Close(Closing(1, null),
            new HandedIn(WithReasons(Importance(1, (A, 5), (C, 1)), (C, "zeta"), (A, "alpha")), null),
            new HandedIn(WithReasons(Importance(1, (A, 4), (B, 2)), (B, "beta"), (A, "Alpha")), null),
            new HandedIn(null, null));

        Assert.Equal((1, 3, 2, (RoundStability?)null), (round.Round, round.Participants, round.Respondents, round.Stability));
        Assert.Equal([A, B, C], round.Items);
        Assert.Equal([ConsensusStatus.In, ConsensusStatus.NoConsensus, ConsensusStatus.NoConsensus], round.Consensus.Select(c => c.Status));
        // Per item in the activity's order, then by text (ordinal: capitals first), never in the order the participants answered.
        Assert.Equal([new(A, "Alpha"), new(A, "alpha"), new(B, "beta"), new DelphiReason(C, "zeta")], round.Reasons);
    }

    [Fact]
    public void A_later_round_on_some_items_measures_them_only_pairing_each_participants_answers_and_leaving_out_withdrawals()
    {
        Answer[] round1 = [Importance(1, (A, 5), (B, 1)), Importance(1, (A, 5), (B, 5)), Importance(1, (A, 4), (B, 3))];
        var activity = Closing(2, [B], round1);

        var round = Close(activity,
            new HandedIn(Importance(2, (B, 4)), round1[0]),
            new HandedIn(Importance(2, (B, 5)), round1[1]),
            new HandedIn(Importance(2), round1[2]),
            new HandedIn(Importance(2, (B, 4)), null));

        Assert.Equal([B], round.Items);
        Assert.Equal(3, round.Respondents);
        var b = Assert.Single(round.Consensus);
        Assert.Equal((B, ConsensusStatus.In, 3), (b.Item, b.Status, b.N));
        // Paired: the first (1 → 4 moved) and the second (5 → 5); the third withdrew, the fourth did not answer round 1.
        var stability = round.Stability!;
        Assert.Equal((2, 1, 2, 0.5), (stability.Round, stability.PreviousRound, stability.PairedAnswers, stability.MovedShare));
        Assert.Equal([B], stability.Items.Select(i => i.Item));
    }

    [Fact]
    public void A_ranking_round_on_some_items_measures_movement_on_those_items_alone()
    {
        var ranking = Ranking(2, A, B, C, D) with { Consensus = Rule };
        Answer[] round1 = [RankedIn(1, A, C), RankedIn(1, A, C)];
        var activity = new ActivityState(ranking, [], ActivityStatus.Closed, 2, false, false, null, TallyCounts.Empty,
            [Results.For(ranking, TallyCounts.FromAnswers(ranking, round1))], RoundItems: [C, D]);
        HandedIn[] handedIn = [new(RankedIn(2, C, D), round1[0]), new(RankedIn(2, C, D), round1[1])];
        var counts = TallyCounts.FromAnswers(ranking, handedIn.Select(h => h.Current));

        var stability = DelphiClose.Round(activity, Rule, 2, handedIn, counts, Results.For(ranking, counts)).Stability!;

        // Places among C and D (left out = 3): C 2 → 1 and D 3 → 2, one place each: nobody moved. A, first in round 1, was not asked.
        Assert.Equal([C, D], stability.Items.Select(i => i.Item));
        Assert.Equal((4, 0.0), (stability.PairedAnswers, stability.MovedShare));
    }

    [Fact]
    public void Feedback_comes_from_round_2_on_and_covers_only_the_rounds_items()
    {
        Answer[] round1 = [Importance(1, (A, 5), (B, 1)), Importance(1, (A, 5), (B, 5))];
        var closed1 = Closing(1, null);
        var delphi1 = Close(closed1, [.. round1.Select(a => new HandedIn(a, null))]);
        var round2 = Closing(2, [B], round1) with { Status = ActivityStatus.Open, DelphiRounds = [delphi1] };

        Assert.Null(DelphiClose.Feedback(closed1 with { DelphiRounds = [delphi1] }));
        var feedback = Assert.Single(DelphiClose.Feedback(round2)!);
        Assert.Equal((B, "importance", 1, 3.0, 2.0, 4.0), (feedback.Item, feedback.Scale, feedback.Round, feedback.Median, feedback.Q1, feedback.Q3));
        Assert.Null(DelphiClose.Feedback(round2 with { DelphiRounds = null }));
    }
}
