using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>Where one item stands after the last round that asked it: its consensus per scale, and its movement since the round before.</summary>
public sealed record ItemOutcome(Guid Item, int Round, ImmutableList<ItemConsensus> Scales, ImmutableList<ItemStability> Stability, ImmutableList<string> Reasons)
{
    /// <summary>No consensus on at least one scale: the item a round "on the items without consensus" asks again.</summary>
    public bool WithoutConsensus => Scales.Any(s => s.Status == ConsensusStatus.NoConsensus);
}

/// <summary>What the console and the projector show of an activity's Delphi rounds, read from its closed rounds.</summary>
public static class DelphiOutcome
{
    /// <summary>
    /// Every item of the activity in its order, with the figures of the last round that asked it (a later round may have asked
    /// only the items without consensus); the reasons are the last round's. Items no round asked yet are left out.
    /// </summary>
    public static IReadOnlyList<ItemOutcome> PerItem(ActivityDefinition definition, IReadOnlyList<DelphiRound> rounds)
    {
        var last = rounds.Count == 0 ? null : rounds[^1];
        var outcomes = new List<ItemOutcome>();
        foreach (var item in definition.Items)
        {
            if (rounds.LastOrDefault(r => r.Items.Contains(item)) is not { } round) continue;
            outcomes.Add(new ItemOutcome(item, round.Round,
                round.Consensus.Where(c => c.Item == item).ToImmutableList(),
                round.Stability?.Items.Where(s => s.Item == item).ToImmutableList() ?? [],
                round == last ? round.Reasons.Where(r => r.Item == item).Select(r => r.Text).ToImmutableList() : []));
        }
        return outcomes;
    }
}
