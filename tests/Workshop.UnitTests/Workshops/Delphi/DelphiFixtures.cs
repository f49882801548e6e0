using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops.Delphi;

/// <summary>Ratings on importance alone (1-5) and rankings, one answer per participant, for the Delphi rules' tests.</summary>
internal static class DelphiFixtures
{
    public static ActivityDefinition ImportanceOf(params Guid[] items) =>
        ActivityDefinition.Rating(ActivityId, Title, items, [RatingScale.Importance]);

    /// <summary>One participant's importance ratings in a round.</summary>
    public static Answer Importance(int round, params (Guid Item, int Value)[] ratings) =>
        Answer.ForRatings(ActivityId, round, "client-1", ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
            .Add(RatingScale.Importance.Key, ratings.ToImmutableDictionary(r => r.Item, r => r.Value)));

    public static Answer RankedIn(int round, params Guid[] items) => Answer.ForRanking(ActivityId, round, "client-1", [.. items]);

    /// <summary>The tally of one item rated by as many participants as values.</summary>
    public static TallyCounts ItemRated(ActivityDefinition definition, Guid item, params int[] values) =>
        TallyOf(definition, [.. values.Select(v => Importance(1, (item, v)))]);

    /// <summary>The only consensus of a one-item, one-scale evaluation.</summary>
    public static ItemConsensus Judged(ConsensusRule rule, params int[] importance)
    {
        var definition = ImportanceOf(A);
        return Assert.Single(DelphiRules.Evaluate(definition, rule, ItemRated(definition, A, importance), [A]));
    }
}
