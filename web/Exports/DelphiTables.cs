using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>The Delphi rounds of an activity with a consensus rule as tables: the rule, each round, each item per round, the reasons.</summary>
public static class DelphiTables
{
    public static IReadOnlyList<DelphiRound> Rounds(ActivityState activity) => activity.DelphiRounds ?? [];

    /// <summary>The rule as the facilitator set it before round 1 (no rule: no row).</summary>
    public static Table Rule(ActivityState activity) =>
        new(["min_agreement", "max_iqr", "min_n", "stable_below"],
            activity.Definition.Consensus is { } rule ? [[rule.MinAgreement, rule.MaxIqr, rule.MinN, rule.StableBelow]] : []);

    public static Table RoundSummary(IEnumerable<DelphiRound> rounds) =>
        new(["round", "items", "participants", "respondents", "response_rate", "paired_answers", "moved_share", "stable", "kendall_w_change"],
            [.. rounds.Select(r => (IReadOnlyList<object?>)[r.Round, r.Items.Count, r.Participants, r.Respondents, R(ResponseRate(r)),
                r.Stability?.PairedAnswers, R(r.Stability?.MovedShare), r.Stability is { } s ? (s.Stable ? "yes" : "no") : null, R(r.Stability?.KendallWChange)])]);

    /// <summary>One row per item and scale of each round: the consensus figures and how far answers moved since the round before.</summary>
    public static Table Items(WorkshopData data, ActivityState activity, IEnumerable<DelphiRound> rounds)
    {
        var items = activity.Items.ToDictionary(i => i.Id);
        return new(["round", "item_code", "item", "scale", "n", "agreement", "disagreement", "median", "iqr", "status", "moved_share", "median_change", "iqr_change"],
            [.. rounds.SelectMany(round => Ordered(activity, round.Consensus).Select(c =>
            {
                var moved = Moved(round, c);
                return (IReadOnlyList<object?>)[round.Round, items.GetValueOrDefault(c.Item)?.Code, items.TryGetValue(c.Item, out var item) ? data.Text(item.Labels) : null, c.Scale, c.N,
                    R(c.Agreement), R(c.Disagreement), R(c.Median), R(c.Iqr), ConsensusAt.CodeOf(c.Status), R(moved?.MovedShare), R(moved?.MedianChange), R(moved?.IqrChange)];
            }))]);
    }

    public static Table Reasons(ActivityState activity, IEnumerable<DelphiRound> rounds)
    {
        var codes = activity.Items.ToDictionary(i => i.Id, i => i.Code);
        return new(["round", "item_code", "reason"],
            [.. rounds.SelectMany(r => r.Reasons.OrderBy(x => activity.Items.FindIndex(i => i.Id == x.Item)).Select(x => (IReadOnlyList<object?>)[r.Round, codes.GetValueOrDefault(x.Item), x.Text]))]);
    }

    public static double? ResponseRate(DelphiRound round) => round.Participants > 0 ? (double)round.Respondents / round.Participants : null;

    public static ItemStability? Moved(DelphiRound round, ItemConsensus consensus) =>
        round.Stability?.Items.Find(s => s.Item == consensus.Item && s.Scale == consensus.Scale);

    /// <summary>In the activity's item order, then its scale order.</summary>
    public static IEnumerable<ItemConsensus> Ordered(ActivityState activity, IEnumerable<ItemConsensus> consensus) =>
        consensus.OrderBy(c => activity.Items.FindIndex(i => i.Id == c.Item)).ThenBy(c => activity.Definition.Scales.FindIndex(s => s.Key == c.Scale));

    private static double? R(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
