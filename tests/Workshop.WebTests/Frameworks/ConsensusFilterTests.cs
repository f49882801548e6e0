using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;

namespace Workshop.WebTests.Frameworks;

/// <summary>The proposal review's filter by the consensus of the proposals' items.</summary>
public sealed class ConsensusFilterTests
{
    private static readonly Guid In = Guid.NewGuid(), Out = Guid.NewGuid(), None = Guid.NewGuid(), Unrated = Guid.NewGuid();

    private static readonly Dictionary<Guid, ConsensusAt> Consensus = new()
    {
        [In] = new(ConsensusStatus.In, 2, "importance", 8, 0.8, 0, 5, 1),
        [Out] = new(ConsensusStatus.Out, 2, "importance", 8, 0, 0.8, 1, 1),
        [None] = new(ConsensusStatus.NoConsensus, 3, "importance", 8, 0.5, 0.2, 3, 2),
    };

    private static Proposal On(Guid item, Guid? other = null) =>
        new(Guid.NewGuid(), other is null ? ProposalKind.Rewording : ProposalKind.Merge, item, other, ImmutableDictionary<string, string>.Empty, null,
            new ProposalProvenance(Guid.NewGuid(), "Focus group", null, null, "facilitator@example.org", 0), ProposalStatus.Pending, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Each_status_keeps_the_proposals_with_an_item_of_that_status_and_any_keeps_all()
    {
        Proposal onIn = On(In), onOut = On(Out), onNone = On(None), onUnrated = On(Unrated), merge = On(Unrated, Out);
        Proposal[] all = [onIn, onOut, onNone, onUnrated, merge];

        Assert.Equal([onIn], ConsensusFilters.Apply(all, ConsensusFilter.In, Consensus));
        Assert.Equal([onOut, merge], ConsensusFilters.Apply(all, ConsensusFilter.Out, Consensus));
        Assert.Equal([onNone], ConsensusFilters.Apply(all, ConsensusFilter.None, Consensus));
        Assert.Equal(all, ConsensusFilters.Apply(all, ConsensusFilter.Any, Consensus));
    }

    [Theory]
    [InlineData("in", ConsensusFilter.In)]
    [InlineData("OUT", ConsensusFilter.Out)]
    [InlineData("none", ConsensusFilter.None)]
    [InlineData(null, ConsensusFilter.Any)]
    [InlineData("maybe", ConsensusFilter.Any)]
    public void The_address_names_the_filter_and_anything_else_means_any(string? value, ConsensusFilter filter) =>
        Assert.Equal(filter, ConsensusFilters.Parse(value));
}
