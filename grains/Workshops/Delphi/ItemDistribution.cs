using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>
/// One item's answers on one scale as the Delphi rules read them. A rating's scale is its own; a ranking's is the places
/// 1..RankTop + 1 (key <see cref="TallyMeasure.Rank"/>), where a respondent who left the item out puts it in place RankTop + 1.
/// </summary>
/// <param name="LowerIsBetter">True for places (1 is first), false for ratings (the top points agree).</param>
internal sealed record ItemDistribution(Guid Item, RatingScale Scale, ScaleStatistics Statistics, bool LowerIsBetter)
{
    /// <summary>The places of a top-k ranking as a scale, so quartiles and histograms are computed as for a rating.</summary>
    public static RatingScale Places(ActivityDefinition definition) =>
        new(TallyMeasure.Rank, ImmutableDictionary<string, string>.Empty, 1, definition.RankTop + 1);

    /// <summary>Every scale of each of <paramref name="items"/> (one for a ranking) from a round's tally, in that order.</summary>
    public static IEnumerable<ItemDistribution> Of(ActivityDefinition definition, TallyCounts counts, IEnumerable<Guid> items)
    {
        var index = new TallyIndex(counts);
        var places = definition.Kind == ActivityKind.Ranking ? Places(definition) : null;
        foreach (var item in items)
        {
            if (places is not null)
            {
                var leftOut = counts.Respondents - index.Count(item, TallyMeasure.Rank);
                var histogram = index.Entries(item, TallyMeasure.Rank).Append((places.Max, leftOut));
                yield return new ItemDistribution(item, places, ScaleStatistics.FromHistogram(places, histogram), LowerIsBetter: true);
                continue;
            }
            foreach (var scale in definition.Scales)
                yield return new ItemDistribution(item, scale, ScaleStatistics.FromHistogram(scale, index.Entries(item, scale.Key)), LowerIsBetter: false);
        }
    }

    /// <summary>
    /// The values one answer gives each item on each scale: a rating's ratings; for a ranking every item's place,
    /// RankTop + 1 for those left out (none for an empty ranking: it is no answer).
    /// </summary>
    public static ImmutableDictionary<(Guid Item, string Scale), int> Values(ActivityDefinition definition, Answer answer)
    {
        if (definition.Kind == ActivityKind.Ranking)
        {
            var ranking = answer.Ranking ?? [];
            if (ranking.IsEmpty) return ImmutableDictionary<(Guid, string), int>.Empty;
            return definition.Items.ToImmutableDictionary(
                item => (item, TallyMeasure.Rank),
                item => ranking.IndexOf(item) is >= 0 and var place ? place + 1 : definition.RankTop + 1);
        }
        return (answer.Ratings ?? ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty)
            .SelectMany(scale => scale.Value.Select(rating => (Key: (rating.Key, scale.Key), rating.Value)))
            .ToImmutableDictionary(v => v.Key, v => v.Value);
    }

    /// <summary>The agreeing share (top two points, first two places) and the disagreeing share (bottom two); null when nobody answered.</summary>
    /// <remarks>Two points at each end, one on a scale of two or three points, as <see cref="ScaleStatistics.Agreement"/> counts them.</remarks>
    public (double? Agreement, double? Disagreement) Ends()
    {
        if (Statistics.N == 0) return (null, null);
        var ends = Statistics.Histogram.Count >= 4 ? 2 : 1;
        var low = (double)Statistics.Histogram.Take(ends).Sum() / Statistics.N;
        var high = (double)Statistics.Histogram.TakeLast(ends).Sum() / Statistics.N;
        return LowerIsBetter ? (low, high) : (high, low);
    }

    /// <summary>Which half of the scale the median lies in: 1 the agreeing half, -1 the other, 0 the exact middle.</summary>
    public int Side()
    {
        var fromMiddle = Statistics.Median!.Value - (Scale.Min + Scale.Max) / 2.0;
        return Math.Sign(LowerIsBetter ? -fromMiddle : fromMiddle);
    }
}
