using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>One item of a ranking.</summary>
/// <param name="N">How many participants ranked the item.</param>
/// <param name="Borda">Borda score: a top-k ranking gives place p k − p + 1 points (k for the first, 1 for the k-th); unranked items score 0.</param>
/// <param name="MeanRank">The mean place among the participants who ranked it (1 is first); null when nobody did.</param>
/// <param name="Rank">Competition rank by Borda score, highest first (1, 2, 2, 4).</param>
[GenerateSerializer, Immutable]
public sealed record RankingItemResult(
    [property: Id(0)] Guid Item,
    [property: Id(1)] int N,
    [property: Id(2)] int Borda,
    [property: Id(3)] double? MeanRank,
    [property: Id(4)] int Rank);

/// <param name="Respondents">Participants who ranked at least one item.</param>
/// <param name="Items">Every item of the activity, by Borda score, ties in the activity's item order.</param>
/// <param name="KendallW">
/// Kendall's coefficient of concordance, from 0 (no agreement) to 1 (everybody ranked alike).
/// Each participant's unranked items share the average of the places left (with m items and k ranked: (k + 1 + m) / 2),
/// and the ties are corrected for: W = 12·S / (n²(m³ − m) − n·ΣT), where S = Σ(Rᵢ − R̄)² over the items' rank sums Rᵢ
/// and T = g³ − g for each participant's g = m − k tied items. 0 with fewer than two participants.
/// </param>
[GenerateSerializer, Immutable]
public sealed record RankingResults(
    [property: Id(0)] int Respondents,
    [property: Id(1)] ImmutableList<RankingItemResult> Items,
    [property: Id(2)] double KendallW)
{
    public static RankingResults From(ActivityDefinition definition, TallyCounts counts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(counts);
        var index = new TallyIndex(counts);
        var top = definition.RankTop;
        var borda = definition.Items
            .Select(item => index.Entries(item, TallyMeasure.Rank).Sum(e => (long)(top - e.Value + 1) * e.Count))
            .ToArray();
        var ranks = Ranks.Competition(borda);
        var items = definition.Items
            .Select((item, i) =>
            {
                var n = index.Count(item, TallyMeasure.Rank);
                double? meanRank = n == 0 ? null : (double)index.Total(item, TallyMeasure.Rank) / n;
                return (Order: i, Result: new RankingItemResult(item, n, (int)borda[i], meanRank, ranks[i]));
            })
            .OrderBy(r => r.Result.Rank).ThenBy(r => r.Order)
            .Select(r => r.Result)
            .ToImmutableList();
        return new RankingResults(counts.Respondents, items, Concordance(definition, counts.Respondents, index));
    }

    private static double Concordance(ActivityDefinition definition, long n, TallyIndex index)
    {
        long m = definition.Items.Count;
        if (n < 2) return 0;

        // Σk over participants and ΣT = Σ(g³ − g) with g = m − k, from how many participants ranked k items.
        long allRanked = 0, ties = 0;
        foreach (var (k, participants) in index.Entries(Guid.Empty, TallyMeasure.Ranked))
        {
            long g = m - k;
            allRanked += k * participants;
            ties += (g * g * g - g) * participants;
        }

        // Doubled rank sums are whole numbers ((k + 1 + m) / 2 may be a half), so S is summed exactly as 4S.
        // 2Rᵢ = 2·Σ places given to i + Σ over those who left i out of (k + 1 + m)
        //     = 2·Σ places + (n − Nᵢ)(1 + m) + (Σk of everybody − Σk of those who ranked i).
        long fourS = 0;
        var doubledMeanRankSum = n * (m + 1);
        foreach (var item in definition.Items)
        {
            var rankedIt = index.Count(item, TallyMeasure.Rank);
            var doubledRankSum = 2 * index.Total(item, TallyMeasure.Rank)
                + (n - rankedIt) * (1 + m)
                + (allRanked - index.Total(item, TallyMeasure.RankedAmong));
            var deviation = doubledRankSum - doubledMeanRankSum;
            fourS += deviation * deviation;
        }

        var denominator = n * n * (m * m * m - m) - n * ties;
        // 12·S / D = 3·(4S) / D.
        return denominator <= 0 ? 0 : 3.0 * fourS / denominator;
    }
}
