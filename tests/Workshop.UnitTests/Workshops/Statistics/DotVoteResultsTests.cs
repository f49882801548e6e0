using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Statistics;

public class DotVoteResultsTests
{
    [Fact]
    public void Dots_voters_share_and_competition_ranks_with_ties_in_item_order()
    {
        // Items listed E, D, C, B, A; budget 5, at most 2 per item.
        var definition = DotVote(E, D, C, B, A);
        var counts = TallyOf(definition,
            Dots((A, 2), (B, 2), (C, 1)),   // 5 dots
            Dots((A, 2), (C, 2), (D, 1)),   // 5 dots
            Dots((A, 1), (B, 1)),           // 2 dots
            Dots((E, 0)));                  // no dots: not a respondent

        var results = DotVoteResults.From(definition, counts);

        // Dots:   A 2+2+1 = 5, B 2+1 = 3, C 1+2 = 3, D 1, E 0; total 12.
        // Voters: A 3, B 2, C 2, D 1, E 0 of 3 respondents → shares 1, 2/3, 2/3, 1/3, 0.
        // Ranks:  A 1; B and C tie at 2; D 4 (two places taken by the tie); E 5.
        // B and C tie: C comes first because it is listed before B.
        Assert.Equal(3, results.Respondents);
        Assert.Equal(12, results.TotalDots);
        Assert.Equal(
            [
                new DotVoteItemResult(A, 5, 3, 1.0, 1),
                new DotVoteItemResult(C, 3, 2, 2.0 / 3, 2),
                new DotVoteItemResult(B, 3, 2, 2.0 / 3, 2),
                new DotVoteItemResult(D, 1, 1, 1.0 / 3, 4),
                new DotVoteItemResult(E, 0, 0, 0.0, 5),
            ],
            results.Items);
    }

    [Fact]
    public void With_nobody_voting_every_item_has_no_dots_no_share_and_shares_the_first_rank()
    {
        var definition = DotVote(A, B, C);
        var results = DotVoteResults.From(definition, TallyCounts.Empty);

        Assert.Equal(0, results.Respondents);
        Assert.Equal(
            [new DotVoteItemResult(A, 0, 0, 0, 1), new DotVoteItemResult(B, 0, 0, 0, 1), new DotVoteItemResult(C, 0, 0, 0, 1)],
            results.Items);
    }

    [Fact]
    public void A_withdrawn_vote_no_longer_counts()
    {
        var definition = DotVote(A, B);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var live = new LiveTally(definition, 1);
        live.Set(first, 1, Dots((A, 2)));
        live.Set(second, 1, Dots((B, 1)));
        live.Set(second, 2, Dots());
        var counts = live.Counts;

        var results = DotVoteResults.From(definition, counts);

        // Only the first vote is left: A 2 dots from 1 voter of 1 respondent; B nothing.
        Assert.Equal([new DotVoteItemResult(A, 2, 1, 1.0, 1), new DotVoteItemResult(B, 0, 0, 0.0, 2)], results.Items);
    }
}
