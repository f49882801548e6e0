using System.Collections.Immutable;
using Workshop.Grains.Boards;

namespace Workshop.Grains.Workshops;

public enum ActivityKind { DotVote, Rating, Ranking, Board }

/// <summary>One question of a rating activity, answered with a whole number from <see cref="Min"/> to <see cref="Max"/>.</summary>
/// <param name="Key">Identifies the scale in answers and tallies (e.g. "importance").</param>
/// <param name="Labels">The question by language ("sl", "en").</param>
[GenerateSerializer, Immutable]
public sealed record RatingScale(
    [property: Id(0)] string Key,
    [property: Id(1)] ImmutableDictionary<string, string> Labels,
    [property: Id(2)] int Min,
    [property: Id(3)] int Max)
{
    /// <summary>The first question of the seed focus groups: how important is this competency.</summary>
    public static RatingScale Importance { get; } = new(
        "importance",
        ImmutableDictionary<string, string>.Empty.Add("sl", "Pomembnost").Add("en", "Importance").Add("it", "Importanza").Add("fr", "Importance")
            .Add("pl", "Ważność").Add("zh", "重要性"),
        1, 5);

    /// <summary>The second question of the seed focus groups: how much does this competency need further development.</summary>
    public static RatingScale Development { get; } = new(
        "development",
        ImmutableDictionary<string, string>.Empty.Add("sl", "Potreba po nadaljnjem razvoju").Add("en", "Need for further development")
            .Add("it", "Bisogno di ulteriore sviluppo").Add("fr", "Besoin de développement").Add("pl", "Potrzeba dalszego rozwoju").Add("zh", "进一步发展的需求"),
        1, 5);

    /// <summary>The number of points on the scale (1..5 has 5).</summary>
    public int Points => Max - Min + 1;
}

/// <summary>
/// What participants are asked in one activity, on which items (framework item ids, in display order).
/// Only the fields of its <see cref="Kind"/> matter: <see cref="DotBudget"/> and <see cref="MaxDotsPerItem"/> for a dot vote,
/// <see cref="Scales"/> for a rating, <see cref="RankTop"/> for a ranking; the factories set the others to 0 or empty.
/// </summary>
/// <param name="DotBudget">How many dots each participant may spend in total.</param>
/// <param name="MaxDotsPerItem">How many of those dots may go on one item.</param>
/// <param name="Scales">The one or two questions each item is rated on.</param>
/// <param name="RankTop">How many items a participant orders at most (the top k).</param>
[GenerateSerializer, Immutable]
public sealed record ActivityDefinition(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ActivityKind Kind,
    [property: Id(2)] ImmutableDictionary<string, string> Title,
    [property: Id(3)] ImmutableList<Guid> Items,
    [property: Id(4)] int DotBudget,
    [property: Id(5)] int MaxDotsPerItem,
    [property: Id(6)] ImmutableList<RatingScale> Scales,
    [property: Id(7)] int RankTop,
    [property: Id(8)] ImmutableList<BoardPrompt>? Prompts = null,
    [property: Id(9)] bool NotesVisibleAtOnce = false,
    [property: Id(10)] ConsensusRule? Consensus = null,
    [property: Id(11)] DateTimeOffset? ClosesAt = null)
{
    public static ActivityDefinition DotVote(Guid id, ImmutableDictionary<string, string> title, IEnumerable<Guid> items, int budget = 5, int maxPerItem = 2) =>
        new(id, ActivityKind.DotVote, title, [.. items], budget, maxPerItem, [], 0);

    /// <param name="scales">Null: importance and need for further development, the two questions of the seed focus groups.</param>
    public static ActivityDefinition Rating(Guid id, ImmutableDictionary<string, string> title, IEnumerable<Guid> items, IEnumerable<RatingScale>? scales = null) =>
        new(id, ActivityKind.Rating, title, [.. items], 0, 0, scales is null ? [RatingScale.Importance, RatingScale.Development] : [.. scales], 0);

    public static ActivityDefinition Ranking(Guid id, ImmutableDictionary<string, string> title, IEnumerable<Guid> items, int top = 3) =>
        new(id, ActivityKind.Ranking, title, [.. items], 0, 0, [], top);

    /// <summary>A shared-vision board: notes under prompts, then votes on notes or clusters (budget and per-target cap as a dot vote's).</summary>
    /// <param name="visibleAtOnce">False: each note stays private to its author until the facilitator reveals the board.</param>
    public static ActivityDefinition Board(Guid id, ImmutableDictionary<string, string> title, IEnumerable<BoardPrompt> prompts, bool visibleAtOnce = false, int voteBudget = 3, int maxVotesPerTarget = 2) =>
        new(id, ActivityKind.Board, title, [], voteBudget, maxVotesPerTarget, [], 0, [.. prompts], visibleAtOnce);

    public bool Contains(Guid item) => Items.Contains(item);

    public RatingScale? Scale(string key) => Scales.Find(s => s.Key == key);
}

public static class ActivityRules
{
    /// <summary>The most scales a rating may have: more questions per item tire participants and the matrix shows two.</summary>
    public const int MaxScales = 2;

    /// <summary>Measures the tallies use for their own counts; a scale with one of these keys would mix its ratings into them.</summary>
    private static readonly ImmutableHashSet<string> ReservedScaleKeys = [TallyMeasure.Dots, TallyMeasure.Rank, TallyMeasure.RankedAmong, TallyMeasure.Respondents, TallyMeasure.Ranked];

    /// <summary>Throws <see cref="WorkshopRuleException"/> (<see cref="WorkshopError.InvalidDefinition"/>) unless participants can answer the activity as defined.</summary>
    public static void ValidateDefinition(ActivityDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Kind == ActivityKind.Board)
        {
            BoardRules.ValidateDefinition(definition);
            return;
        }
        if (definition.Items is null || definition.Items.IsEmpty)
            throw Invalid("The activity has no items.");
        // Guid.Empty is the item of the activity-wide tally counters (respondents, ranked).
        if (definition.Items.Contains(Guid.Empty))
            throw Invalid("The activity has an item without an id.");
        if (definition.Items.Distinct().Count() != definition.Items.Count)
            throw Invalid("The activity lists the same item more than once.");

        switch (definition.Kind)
        {
            case ActivityKind.DotVote:
                if (definition.DotBudget < 1)
                    throw Invalid("A dot vote needs a budget of at least one dot.");
                if (definition.MaxDotsPerItem < 1)
                    throw Invalid("A dot vote must allow at least one dot per item.");
                if (definition.MaxDotsPerItem > definition.DotBudget)
                    throw Invalid($"At most {definition.MaxDotsPerItem} dots per item is more than the budget of {definition.DotBudget}.");
                break;

            case ActivityKind.Rating:
                var scales = definition.Scales ?? [];
                if (scales.IsEmpty || scales.Count > MaxScales)
                    throw Invalid($"A rating needs one or two scales; this one has {scales.Count}.");
                foreach (var scale in scales)
                {
                    if (scale is null || string.IsNullOrWhiteSpace(scale.Key))
                        throw Invalid("A scale of the rating has no key.");
                    if (ReservedScaleKeys.Contains(scale.Key))
                        throw Invalid($"\"{scale.Key}\" cannot be the key of a scale.");
                    if (scale.Min >= scale.Max)
                        throw Invalid($"The scale \"{scale.Key}\" runs from {scale.Min} to {scale.Max}; its lowest value must be below its highest.");
                }
                if (scales.Select(s => s.Key).Distinct().Count() != scales.Count)
                    throw Invalid("Two scales of the rating have the same key.");
                break;

            case ActivityKind.Ranking:
                if (definition.RankTop < 2)
                    throw Invalid("A ranking must ask for the top two items at least.");
                if (definition.RankTop > definition.Items.Count)
                    throw Invalid($"A ranking of the top {definition.RankTop} needs at least {definition.RankTop} items; it has {definition.Items.Count}.");
                break;

            default:
                throw Invalid($"Unknown kind of activity: {definition.Kind}.");
        }
    }

    internal static WorkshopRuleException Invalid(string message) => new(WorkshopError.InvalidDefinition, message);
}
