using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>The measures of <see cref="TallyKey"/>; a rating's measure is its scale key instead (e.g. "importance").</summary>
public static class TallyMeasure
{
    /// <summary>Dot vote: one participant put <see cref="TallyKey.Value"/> dots (at least 1) on the item.</summary>
    public const string Dots = "dots";

    /// <summary>Ranking: one participant put the item in 1-based place <see cref="TallyKey.Value"/>.</summary>
    public const string Rank = "rank";

    /// <summary>
    /// Ranking: one participant who ranked <see cref="TallyKey.Value"/> items in all ranked this item.
    /// Kendall's W needs it: the tied rank an unranked item gets depends on how many items that participant ranked,
    /// and "rank" and "ranked" alone cannot tell which participants left which items out.
    /// </summary>
    public const string RankedAmong = "rankedAmong";

    /// <summary>Activity-wide (item <see cref="Guid.Empty"/>, value 0): one participant with a non-empty answer.</summary>
    public const string Respondents = "respondents";

    /// <summary>Ranking, activity-wide (item <see cref="Guid.Empty"/>): one participant ranked <see cref="TallyKey.Value"/> items (for Kendall's tie correction).</summary>
    public const string Ranked = "ranked";
}

/// <summary>
/// One countable fact an answer contributes, e.g. "2 dots on item X" or "importance 4 for item X".
/// A tally counts how many current answers contribute each key, so answers arriving, changing and being withdrawn
/// are +1/-1 deltas that can be batched and added in any order, and every statistic is computed from the counts.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct TallyKey(
    [property: Id(0)] Guid Item,
    [property: Id(1)] string Measure,
    [property: Id(2)] int Value)
{
    public static TallyKey Respondent { get; } = new(Guid.Empty, TallyMeasure.Respondents, 0);
}

public static class Tally
{
    /// <summary>
    /// The keys one answer contributes to its activity's tally (each at most once); none for a null or empty answer.
    /// Expects an answer that passed <see cref="AnswerRules.Validate"/>; only the field of the activity's kind is read.
    /// A caller counting many answers passes one list in <paramref name="into"/> to be cleared and refilled each time
    /// (a list, not an interface, so that a loop over it allocates no enumerator).
    /// </summary>
    public static List<TallyKey> Contributions(ActivityDefinition definition, Answer? answer, List<TallyKey>? into = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var keys = into ?? [];
        keys.Clear();
        if (answer is null) return keys;
        switch (definition.Kind)
        {
            case ActivityKind.DotVote:
                foreach (var item in definition.Items)
                    if (answer.Dots?.GetValueOrDefault(item) is > 0 and var dots)
                        keys.Add(new TallyKey(item, TallyMeasure.Dots, dots));
                break;

            case ActivityKind.Rating:
                foreach (var scale in definition.Scales)
                {
                    if (answer.Ratings?.GetValueOrDefault(scale.Key) is not { } byItem) continue;
                    foreach (var item in definition.Items)
                        if (byItem.TryGetValue(item, out var rating))
                            keys.Add(new TallyKey(item, scale.Key, rating));
                }
                break;

            case ActivityKind.Ranking:
                var ranking = answer.Ranking ?? [];
                for (var place = 0; place < ranking.Count; place++)
                {
                    keys.Add(new TallyKey(ranking[place], TallyMeasure.Rank, place + 1));
                    keys.Add(new TallyKey(ranking[place], TallyMeasure.RankedAmong, ranking.Count));
                }
                if (ranking.Count > 0)
                    keys.Add(new TallyKey(Guid.Empty, TallyMeasure.Ranked, ranking.Count));
                break;
        }
        if (keys.Count > 0)
            keys.Add(TallyKey.Respondent);
        return keys;
    }
}

/// <summary>
/// How many current answers contribute each <see cref="TallyKey"/>; keys with no answer are absent, never 0.
/// Equal when they hold the same counts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TallyCounts
{
    public static TallyCounts Empty { get; } = new(ImmutableDictionary<TallyKey, int>.Empty);

    private TallyCounts(ImmutableDictionary<TallyKey, int> counts) => Counts = counts;

    [Id(0)] public ImmutableDictionary<TallyKey, int> Counts { get; private init; }

    public int Get(TallyKey key) => Counts.GetValueOrDefault(key);

    /// <summary>The number of participants with a non-empty answer.</summary>
    public int Respondents => Get(TallyKey.Respondent);

    /// <summary>A copy of counts kept elsewhere (zero counts left out).</summary>
    public static TallyCounts Of(IReadOnlyDictionary<TallyKey, int> counts) =>
        new(counts.Where(e => e.Value != 0).ToImmutableDictionary());

    /// <summary>The tally of the given current answers (one per participant), e.g. to rebuild it from the participants' stored answers.</summary>
    public static TallyCounts FromAnswers(ActivityDefinition definition, IEnumerable<Answer?> answers)
    {
        var counts = new Dictionary<TallyKey, int>();
        var keys = new List<TallyKey>();
        foreach (var answer in answers)
            foreach (var key in Tally.Contributions(definition, answer, keys))
                counts[key] = counts.GetValueOrDefault(key) + 1;
        return new TallyCounts(counts.ToImmutableDictionary());
    }

    public bool Equals(TallyCounts? other) =>
        other is not null
        && Counts.Count == other.Counts.Count
        && Counts.All(e => other.Counts.TryGetValue(e.Key, out var count) && count == e.Value);

    public override int GetHashCode()
    {
        // Order-independent, so equal counts hash alike whatever order the dictionaries enumerate in.
        var hash = 0;
        foreach (var (key, count) in Counts) hash ^= HashCode.Combine(key, count);
        return hash;
    }
}
