using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Frameworks;

/// <summary>
/// What workshops said about one framework item: their results (evidence) and the proposals on it.
/// <paramref name="Identified"/>: facilitators see which workshop each came from; anonymous readers see <see cref="ForPublic"/>'s cut.
/// </summary>
public sealed record ItemOutcomes(IReadOnlyList<ItemEvidence> Evidence, IReadOnlyList<Proposal> Proposals, bool Identified)
{
    public static readonly ItemOutcomes None = new([], [], false);

    public bool IsEmpty => Evidence.Count == 0 && Proposals.Count == 0;

    /// <summary>The item's consensus in its latest Delphi round; null when no result had a consensus rule.</summary>
    public ConsensusAt? Consensus => ConsensusAt.LatestByItem(Evidence).Values.SingleOrDefault();

    /// <summary>
    /// Groups a framework's evidence (overall results only; segment breakdowns belong to the comparison) and proposals by item;
    /// for anonymous readers (not <paramref name="facilitator"/>) only what <see cref="ForPublic"/> lets through.
    /// </summary>
    public static IReadOnlyDictionary<Guid, ItemOutcomes> ByItem(IEnumerable<ItemEvidence> evidence, IEnumerable<Proposal> proposals, bool facilitator)
    {
        var shown = facilitator ? evidence.Where(e => e.Segment is null) : evidence.Where(IsPublic);
        var byItem = shown.GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        var proposed = proposals.Where(p => facilitator || p.Status == ProposalStatus.Accepted)
            .SelectMany(p => new[] { p.Item }.Concat(p.OtherItem is { } other ? [other] : []).Select(item => (item, p)))
            .GroupBy(x => x.item).ToDictionary(g => g.Key, g => g.Select(x => x.p).ToList());
        return byItem.Keys.Union(proposed.Keys).ToDictionary(id => id, id =>
            new ItemOutcomes(byItem.GetValueOrDefault(id) ?? [], proposed.GetValueOrDefault(id) ?? [], facilitator));
    }

    /// <summary>
    /// What anonymous readers may know of workshop results: overall results (no segment breakdowns) of at least
    /// <see cref="Comparison.PrivacyThreshold"/> people, newest first, without the workshop, activity or round they came from.
    /// </summary>
    public static List<PublicEvidence> ForPublic(IEnumerable<ItemEvidence> evidence) =>
        [.. evidence.Where(IsPublic).OrderByDescending(e => e.At).Select(e => new PublicEvidence(e.ItemId, e.Method, e.N, e.Statistics, DateOnly.FromDateTime(e.At.UtcDateTime)))];

    private static bool IsPublic(ItemEvidence e) => e.Segment is null && e.N >= Comparison.PrivacyThreshold;
}

/// <summary>One workshop result on an item as anonymous readers get it (see <see cref="ItemOutcomes.ForPublic"/>).</summary>
public sealed record PublicEvidence(Guid ItemId, ActivityKind Method, int N, ImmutableDictionary<string, double> Statistics, DateOnly Date);
