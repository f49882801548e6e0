using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Statistics;

public sealed class LiveTallyTests
{
    private static readonly ActivityDefinition Vote = DotVote(A, B, C);
    private static readonly Guid Ana = Id(501), Bor = Id(502);

    [Fact]
    public void The_tally_is_the_sum_of_each_participants_newest_answer()
    {
        var tally = new LiveTally(Vote, 1);
        Assert.True(tally.Set(Ana, 1, Dots((A, 2))));
        Assert.True(tally.Set(Bor, 1, Dots((B, 1))));
        Assert.True(tally.Set(Ana, 2, Dots((C, 1))));

        Assert.Equal(TallyOf(Vote, Dots((C, 1)), Dots((B, 1))), tally.Counts);
    }

    [Fact]
    public void An_answer_that_arrives_again_late_or_out_of_order_changes_nothing()
    {
        var tally = new LiveTally(Vote, 1);
        tally.Set(Ana, 2, Dots((C, 1)));

        Assert.False(tally.Set(Ana, 1, Dots((A, 2))));
        Assert.False(tally.Set(Ana, 2, Dots((C, 1))));

        Assert.Equal(TallyOf(Vote, Dots((C, 1))), tally.Counts);
    }

    [Fact]
    public void An_answer_to_another_activity_or_round_is_not_counted()
    {
        var tally = new LiveTally(Vote, 2);
        Assert.False(tally.Set(Ana, 1, Dots((A, 2))));
        Assert.False(tally.Set(Ana, 1, Answer.ForDots(Id(9999), 2, "x", System.Collections.Immutable.ImmutableDictionary<Guid, int>.Empty.Add(A, 1))));
        Assert.Equal(TallyCounts.Empty, tally.Counts);
    }
}
