using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using Workshop.Web.Workshops.Consoles;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>What the console and projector show per item after rounds that may have asked only some items.</summary>
public sealed class DelphiOutcomeTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();
    private static readonly ActivityDefinition Rating = ActivityDefinition.Rating(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Rate"), [A, B, C], [RatingScale.Importance]);

    private static ItemConsensus Consensus(Guid item, ConsensusStatus status) => new(item, "importance", status, 6, 0.8, 0.0, 4, 1);

    [Fact]
    public void After_a_round_on_the_items_without_consensus_the_others_keep_the_status_of_their_last_round()
    {
        var first = new DelphiRound(1, [A, B, C], 6, 6, [Consensus(A, ConsensusStatus.In), Consensus(B, ConsensusStatus.NoConsensus), Consensus(C, ConsensusStatus.NoConsensus)], null,
            [new DelphiReason(B, "round one")]);
        var second = new DelphiRound(2, [B, C], 6, 5, [Consensus(B, ConsensusStatus.In), Consensus(C, ConsensusStatus.NoConsensus)],
            new RoundStability(2, 1, [new ItemStability(B, "importance", 5, 0.2, 1, -1)], 10, 0.1, true, null), [new DelphiReason(C, "too vague"), new DelphiReason(C, "overlaps 1.2")]);

        var outcomes = DelphiOutcome.PerItem(Rating, [first, second]);

        Assert.Equal([(A, 1, ConsensusStatus.In), (B, 2, ConsensusStatus.In), (C, 2, ConsensusStatus.NoConsensus)],
            outcomes.Select(o => (o.Item, o.Round, o.Scales.Single().Status)));
        Assert.Equal([false, false, true], outcomes.Select(o => o.WithoutConsensus));
        Assert.Equal([0.2], outcomes[1].Stability.Select(s => s.MovedShare!.Value));
        Assert.Equal([[], [], ["too vague", "overlaps 1.2"]], outcomes.Select(o => o.Reasons.ToArray()));
    }

    [Fact]
    public void Before_any_round_has_closed_no_item_has_an_outcome() => Assert.Empty(DelphiOutcome.PerItem(Rating, []));
}
