using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>The rules of Delphi rounds (issue 11), pure functions over plain data. CONTRACT: bodies by the rules engineer.</summary>
public static class DelphiRules
{
    /// <summary>The longest reason a participant may give for an answer outside the group's IQR.</summary>
    public const int MaxReasonLength = 280;

    /// <summary>Throws <see cref="WorkshopRuleException"/> (InvalidDefinition) for a threshold outside 0.5-1, an IQR limit below 0, neither set, MinN below 1, StableBelow outside 0-1.</summary>
    public static void Validate(ConsensusRule rule) => throw new NotImplementedException();

    /// <summary>Every item (and scale) of a rating or ranking, evaluated against <paramref name="rule"/> on one round's tally.</summary>
    public static ImmutableList<ItemConsensus> Evaluate(ActivityDefinition definition, ConsensusRule rule, TallyCounts counts, IReadOnlyCollection<Guid> items) =>
        throw new NotImplementedException();

    /// <summary>Movement between two rounds from each participant's (previous, current) answers and both rounds' results.</summary>
    public static RoundStability Between(ActivityDefinition definition, ConsensusRule rule, int previousRound, int round,
        IReadOnlyList<(Answer Previous, Answer Current)> pairs, ActivityResults previous, ActivityResults current) =>
        throw new NotImplementedException();

    /// <summary>The feedback phones show in the next round: the previous round's median, quartiles and histogram per item and scale.</summary>
    public static ImmutableList<ItemFeedback> Feedback(ActivityDefinition definition, DelphiRound previousRound, ActivityResults previousResults) =>
        throw new NotImplementedException();
}
