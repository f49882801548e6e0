using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

/// <summary>Activities, items and answers the workshop tests share.</summary>
internal static class Fixtures
{
    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static readonly Guid ActivityId = Id(9000);
    public static readonly Guid A = Id(1), B = Id(2), C = Id(3), D = Id(4), E = Id(5);
    public static readonly Guid NotAnItem = Id(404);

    public static ImmutableDictionary<string, string> Title { get; } =
        ImmutableDictionary<string, string>.Empty.Add("sl", "Dejavnost").Add("en", "Activity");

    public static ImmutableDictionary<string, string> Labels(string english) =>
        ImmutableDictionary<string, string>.Empty.Add("en", english);

    public static ActivityDefinition DotVote(params Guid[] items) => ActivityDefinition.DotVote(ActivityId, Title, items);

    public static ActivityDefinition Rating(params Guid[] items) => ActivityDefinition.Rating(ActivityId, Title, items);

    public static ActivityDefinition Ranking(int top, params Guid[] items) => ActivityDefinition.Ranking(ActivityId, Title, items, top);

    public static Answer Dots(params (Guid Item, int Dots)[] dots) =>
        Answer.ForDots(ActivityId, 1, "client-1", dots.ToImmutableDictionary(d => d.Item, d => d.Dots));

    public static Answer Rated(params (string Scale, Guid Item, int Value)[] ratings) =>
        Answer.ForRatings(ActivityId, 1, "client-1", ratings
            .GroupBy(r => r.Scale)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableDictionary(r => r.Item, r => r.Value)));

    public static Answer Ranked(params Guid[] items) => Answer.ForRanking(ActivityId, 1, "client-1", [.. items]);

    /// <summary>The tally of the answers, each one participant's, counted live as the room counts them.</summary>
    public static TallyCounts TallyOf(ActivityDefinition definition, params Answer[] answers)
    {
        var live = new LiveTally(definition, 1);
        foreach (var answer in answers)
        {
            AnswerRules.Validate(definition, answer);
            live.Set(Guid.NewGuid(), 1, answer with { ActivityId = definition.Id, Round = 1 });
        }
        return live.Counts;
    }
}
