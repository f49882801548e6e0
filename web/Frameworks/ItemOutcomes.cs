using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;

namespace Workshop.Web.Frameworks;

/// <summary>What workshops said about one framework item: their results (evidence) and the proposals on it.</summary>
public sealed record ItemOutcomes(IReadOnlyList<ItemEvidence> Evidence, IReadOnlyList<Proposal> Proposals)
{
    public static readonly ItemOutcomes None = new([], []);

    public bool IsEmpty => Evidence.Count == 0 && Proposals.Count == 0;

    /// <summary>Groups a framework's evidence (overall results only; segment breakdowns belong to the comparison) and proposals by item.</summary>
    public static IReadOnlyDictionary<Guid, ItemOutcomes> ByItem(IEnumerable<ItemEvidence> evidence, IEnumerable<Proposal> proposals)
    {
        var byItem = evidence.Where(e => e.Segment is null).GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        var proposed = proposals.SelectMany(p => new[] { p.Item }.Concat(p.OtherItem is { } other ? [other] : []).Select(item => (item, p)))
            .GroupBy(x => x.item).ToDictionary(g => g.Key, g => g.Select(x => x.p).ToList());
        return byItem.Keys.Union(proposed.Keys).ToDictionary(id => id, id =>
            new ItemOutcomes(byItem.GetValueOrDefault(id) ?? [], proposed.GetValueOrDefault(id) ?? []));
    }
}
