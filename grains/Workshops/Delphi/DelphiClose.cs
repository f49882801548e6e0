using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>
/// What a closed round of an activity with a consensus rule established (<see cref="DelphiRound"/>), and the feedback the
/// next round shows from it: the workshop's close and its views call these, the figures are <see cref="DelphiRules"/>'.
/// </summary>
public static class DelphiClose
{
    /// <summary>
    /// The round of <paramref name="activity"/> (as it closes, before its results are added) on its asked items: consensus on the
    /// round's tally, stability from each participant's answers to this round and the one before, the reasons, anonymous.
    /// </summary>
    public static DelphiRound Round(ActivityState activity, ConsensusRule rule, int participants, IReadOnlyCollection<HandedIn> handedIn, TallyCounts counts, ActivityResults results)
    {
        var asked = AgendaRules.Asked(activity);
        var consensus = DelphiRules.Evaluate(activity.Definition, rule, counts, asked.Items);
        var current = handedIn.Where(h => h.Current is { IsWithdrawal: false }).ToList();
        return new DelphiRound(activity.Round, asked.Items, participants, counts.Respondents, consensus,
            Stability(activity, rule, current, results), Reasons(activity.Definition, current.Select(h => h.Current!)));
    }

    /// <summary>The previous round's figures for phones and displays in round 2 and later, on the round's items; null in round 1 or without a rule.</summary>
    public static ImmutableList<ItemFeedback>? Feedback(ActivityState activity)
    {
        if (activity.DelphiRounds?.Find(r => r.Round == activity.Round - 1) is not { } previous
            || activity.ClosedRounds.ElementAtOrDefault(previous.Round - 1) is not { } previousResults) return null;
        var feedback = DelphiRules.Feedback(activity.Definition, previous, previousResults);
        return activity.RoundItems is { } items ? [.. feedback.Where(f => items.Contains(f.Item))] : feedback;
    }

    /// <summary>The scale an item's evidence reports consensus on: a rating's first question (e.g. importance), a ranking's places.</summary>
    public static string PrimaryScale(ActivityDefinition definition) =>
        definition.Kind == ActivityKind.Ranking ? TallyMeasure.Rank : definition.Scales[0].Key;

    private static RoundStability? Stability(ActivityState activity, ConsensusRule rule, List<HandedIn> current, ActivityResults results)
    {
        // ClosedRounds holds one result per closed round: round r - 1's is at r - 2.
        if (activity.Round < 2 || activity.ClosedRounds.ElementAtOrDefault(activity.Round - 2) is not { } previousResults) return null;
        var pairs = current.Where(h => h.Previous is { IsWithdrawal: false }).Select(h => (h.Previous!, h.Current!)).ToList();
        // On the round's items only: a ranking would otherwise count the items not asked as left out, and as moved.
        return DelphiRules.Between(AgendaRules.Asked(activity), rule, activity.Round - 1, activity.Round, pairs, previousResults, results);
    }

    /// <summary>Every reason given, grouped per item in the activity's order and sorted by text within an item, so that the order tells nobody who wrote it.</summary>
    private static ImmutableList<DelphiReason> Reasons(ActivityDefinition definition, IEnumerable<Answer> answers) =>
    [
        .. answers.SelectMany(a => a.Reasons ?? ImmutableDictionary<Guid, string>.Empty)
            .Select(r => new DelphiReason(r.Key, r.Value))
            .OrderBy(r => definition.Items.IndexOf(r.Item)).ThenBy(r => r.Text, StringComparer.Ordinal),
    ];
}
