using System.Collections.Immutable;
using System.Globalization;

namespace Workshop.Grains.Workshops;

/// <summary>
/// The rules of Delphi rounds (issue 11), pure functions over plain data. Decisions:
/// <list type="bullet">
/// <item>An item as many agree with as disagree with (possible only at a 50 % threshold) is a split panel: no consensus.</item>
/// <item>A ranking's places run 1..RankTop + 1 (left out = RankTop + 1); on a top-2 ranking, three places, agreement is
/// the first place and disagreement being left out, as a three-point rating counts only its end points.</item>
/// <item>A round with no paired answers is not stable: nothing shows that the panel settled.</item>
/// </list>
/// </summary>
public static class DelphiRules
{
    /// <summary>The longest reason a participant may give for an answer outside the group's IQR.</summary>
    public const int MaxReasonLength = 280;

    /// <summary>Throws <see cref="WorkshopRuleException"/> (InvalidDefinition) for a threshold outside 0.5-1, an IQR limit below 0, neither set, MinN below 1, StableBelow outside 0-1.</summary>
    public static void Validate(ConsensusRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.MinAgreement is null && rule.MaxIqr is null)
            throw ActivityRules.Invalid("A consensus rule needs an agreement threshold, an IQR limit or both.");
        if (rule.MinAgreement is { } agreement && !(agreement >= 0.5 && agreement <= 1))
            throw ActivityRules.Invalid($"The agreement threshold must lie between 50 % and 100 %; {Percent(agreement)} is outside that range.");
        if (rule.MaxIqr is { } iqr && !(iqr >= 0 && double.IsFinite(iqr)))
            throw ActivityRules.Invalid($"The IQR limit must be 0 or more; {iqr.ToString(CultureInfo.InvariantCulture)} is not.");
        if (rule.MinN < 1)
            throw ActivityRules.Invalid($"An item needs at least one answer before it can reach consensus; the minimum n cannot be {rule.MinN}.");
        if (!(rule.StableBelow >= 0 && rule.StableBelow <= 1))
            throw ActivityRules.Invalid($"A round is stable when fewer than a share from 0 % to 100 % of the answers moved; {Percent(rule.StableBelow)} is outside that range.");
    }

    /// <summary>Every item (and scale) of a rating or ranking, evaluated against <paramref name="rule"/> on one round's tally.</summary>
    /// <param name="items">The items to evaluate (the round's items); the result keeps the activity's item order.</param>
    public static ImmutableList<ItemConsensus> Evaluate(ActivityDefinition definition, ConsensusRule rule, TallyCounts counts, IReadOnlyCollection<Guid> items)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(items);
        return [.. ItemDistribution.Of(definition, counts, definition.Items.Where(items.Contains)).Select(distribution => Judge(rule, distribution))];
    }

    private static ItemConsensus Judge(ConsensusRule rule, ItemDistribution distribution)
    {
        var statistics = distribution.Statistics;
        var (agreement, disagreement) = distribution.Ends();
        var status = statistics.N >= rule.MinN ? Status(rule, distribution, agreement!.Value, disagreement!.Value) : ConsensusStatus.NoConsensus;
        return new ItemConsensus(distribution.Item, distribution.Scale.Key, status, statistics.N, agreement, disagreement, statistics.Median, statistics.Iqr);
    }

    private static ConsensusStatus Status(ConsensusRule rule, ItemDistribution distribution, double agreement, double disagreement)
    {
        if (rule.MaxIqr is { } maxIqr && distribution.Statistics.Iqr > maxIqr) return ConsensusStatus.NoConsensus;
        if (rule.MinAgreement is { } threshold)
        {
            bool agrees = agreement >= threshold, disagrees = disagreement >= threshold;
            return agrees == disagrees ? ConsensusStatus.NoConsensus : agrees ? ConsensusStatus.In : ConsensusStatus.Out;
        }
        // The IQR alone says the panel is close together; the median says on which side.
        return distribution.Side() switch { > 0 => ConsensusStatus.In, < 0 => ConsensusStatus.Out, _ => ConsensusStatus.NoConsensus };
    }

    /// <summary>Movement between two rounds from each participant's (previous, current) answers and both rounds' results.</summary>
    /// <remarks>
    /// An item and scale is listed when someone answered it in <paramref name="round"/>. A rating's median and IQR change come
    /// from the two rounds' results (every respondent); a ranking's, whose results hold no quartiles of places, from the
    /// places the paired participants gave.
    /// </remarks>
    public static RoundStability Between(ActivityDefinition definition, ConsensusRule rule, int previousRound, int round,
        IReadOnlyList<(Answer Previous, Answer Current)> pairs, ActivityResults previous, ActivityResults current)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var values = pairs.Select(p => (Previous: ItemDistribution.Values(definition, p.Previous), Current: ItemDistribution.Values(definition, p.Current))).ToList();
        var items = ImmutableList.CreateBuilder<ItemStability>();
        int paired = 0, moved = 0;
        foreach (var (item, scale) in Answered(definition, current))
        {
            var both = values
                .Where(v => v.Previous.ContainsKey((item, scale.Key)) && v.Current.ContainsKey((item, scale.Key)))
                .Select(v => (Previous: v.Previous[(item, scale.Key)], Current: v.Current[(item, scale.Key)]))
                .ToList();
            var itemMoved = both.Count(v => Math.Abs(v.Current - v.Previous) > 1);
            var (before, after) = definition.Kind == ActivityKind.Ranking
                ? (Statistics(scale, both.Select(v => v.Previous)), Statistics(scale, both.Select(v => v.Current)))
                : (previous.Rating!.Items.Find(r => r.Item == item)?.For(scale.Key), current.Rating!.Items.Find(r => r.Item == item)?.For(scale.Key));
            items.Add(new ItemStability(item, scale.Key, both.Count, Share(itemMoved, both.Count),
                after?.Median - before?.Median, after?.Iqr - before?.Iqr));
            paired += both.Count;
            moved += itemMoved;
        }
        var movedShare = Share(moved, paired);
        double? kendallWChange = definition.Kind == ActivityKind.Ranking ? current.Ranking!.KendallW - previous.Ranking!.KendallW : null;
        return new RoundStability(round, previousRound, items.ToImmutable(), paired, movedShare, movedShare < rule.StableBelow, kendallWChange);
    }

    /// <summary>The items and scales someone answered in a round, in the activity's order (a ranking's one scale is its places).</summary>
    private static IEnumerable<(Guid Item, RatingScale Scale)> Answered(ActivityDefinition definition, ActivityResults results)
    {
        if (definition.Kind == ActivityKind.Ranking)
        {
            var places = ItemDistribution.Places(definition);
            return results.Ranking!.Respondents == 0 ? [] : definition.Items.Select(item => (item, places));
        }
        return results.Rating!.Items.SelectMany(result => definition.Scales
            .Where(scale => result.For(scale.Key)?.N > 0)
            .Select(scale => (result.Item, scale)));
    }

    private static ScaleStatistics Statistics(RatingScale scale, IEnumerable<int> values) =>
        ScaleStatistics.FromHistogram(scale, values.GroupBy(v => v).Select(g => (g.Key, g.Count())));

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>The feedback phones show in the next round: the previous round's median, quartiles and histogram per item and scale.</summary>
    /// <remarks>A ranking's results hold no quartiles or histogram of places: its feedback carries the median place of the round's consensus only.</remarks>
    public static ImmutableList<ItemFeedback> Feedback(ActivityDefinition definition, DelphiRound previousRound, ActivityResults previousResults)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(previousRound);
        ArgumentNullException.ThrowIfNull(previousResults);
        var consensus = previousRound.Consensus.ToDictionary(c => (c.Item, c.Scale));
        var feedback = ImmutableList.CreateBuilder<ItemFeedback>();
        foreach (var item in definition.Items.Where(previousRound.Items.Contains))
        {
            if (definition.Kind == ActivityKind.Ranking)
            {
                var place = consensus.GetValueOrDefault((item, TallyMeasure.Rank));
                feedback.Add(new ItemFeedback(item, TallyMeasure.Rank, previousRound.Round, place?.Median, null, null, [], place?.Status ?? ConsensusStatus.NoConsensus));
                continue;
            }
            var result = previousResults.Rating!.Items.Find(r => r.Item == item);
            foreach (var scale in definition.Scales)
            {
                var statistics = result?.For(scale.Key);
                feedback.Add(new ItemFeedback(item, scale.Key, previousRound.Round, statistics?.Median, statistics?.Q1, statistics?.Q3,
                    statistics?.Histogram ?? [], consensus.GetValueOrDefault((item, scale.Key))?.Status ?? ConsensusStatus.NoConsensus));
            }
        }
        return feedback.ToImmutable();
    }

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
