using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Frameworks;

/// <summary>The proposal review's filter: proposals whose items reached this consensus in their latest Delphi round.</summary>
public enum ConsensusFilter { Any, In, Out, None }

public static class ConsensusFilters
{
    /// <summary>"in", "out", "none" (no consensus) or "any", as the review's address writes it.</summary>
    public static ConsensusFilter Parse(string? value) =>
        Enum.TryParse<ConsensusFilter>(value, ignoreCase: true, out var filter) ? filter : ConsensusFilter.Any;

    /// <summary>The proposals with at least one item (its own or the other of a merge) whose latest consensus is the filter's.</summary>
    public static IReadOnlyList<Proposal> Apply(IEnumerable<Proposal> proposals, ConsensusFilter filter, IReadOnlyDictionary<Guid, ConsensusAt> consensus) =>
        filter == ConsensusFilter.Any
            ? [.. proposals]
            : [.. proposals.Where(p => ItemsOf(p).Any(item => consensus.GetValueOrDefault(item)?.Status == StatusOf(filter)))];

    public static IEnumerable<Guid> ItemsOf(Proposal proposal) => proposal.OtherItem is { } other ? [proposal.Item, other] : [proposal.Item];

    private static ConsensusStatus StatusOf(ConsensusFilter filter) => filter switch
    {
        ConsensusFilter.In => ConsensusStatus.In,
        ConsensusFilter.Out => ConsensusStatus.Out,
        _ => ConsensusStatus.NoConsensus,
    };
}
