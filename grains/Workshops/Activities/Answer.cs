using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>
/// A participant's whole current answer to one activity in one round. A new answer replaces the previous one,
/// so "one rating per item" and "one budget of dots" hold by construction. Exactly the field of the activity's kind is set.
/// </summary>
/// <param name="Round">The round of the activity (1, then 2.. when the facilitator re-runs it); answers of different rounds are kept apart.</param>
/// <param name="ClientId">Chosen by the phone for this answer; a resend after a reconnect carries the same id and changes nothing.</param>
/// <param name="Dots">Dot vote: dots per item. Items left out or given 0 have no dots.</param>
/// <param name="Ratings">Rating: per scale key, the rating of each item rated so far (a partial answer is fine).</param>
/// <param name="Ranking">Ranking: items from first to last, at most the activity's top k.</param>
[GenerateSerializer, Immutable]
public sealed record Answer(
    [property: Id(0)] Guid ActivityId,
    [property: Id(1)] int Round,
    [property: Id(2)] string ClientId,
    [property: Id(3)] ImmutableDictionary<Guid, int>? Dots,
    [property: Id(4)] ImmutableDictionary<string, ImmutableDictionary<Guid, int>>? Ratings,
    [property: Id(5)] ImmutableList<Guid>? Ranking,
    [property: Id(6)] ImmutableDictionary<Guid, string>? Reasons = null)
{
    public static Answer ForDots(Guid activityId, int round, string clientId, ImmutableDictionary<Guid, int> dots) =>
        new(activityId, round, clientId, dots, null, null);

    public static Answer ForRatings(Guid activityId, int round, string clientId, ImmutableDictionary<string, ImmutableDictionary<Guid, int>> ratings) =>
        new(activityId, round, clientId, null, ratings, null);

    public static Answer ForRanking(Guid activityId, int round, string clientId, ImmutableList<Guid> ranking) =>
        new(activityId, round, clientId, null, null, ranking);

    /// <summary>
    /// True when the answer says nothing: no dot on any item, no rating, no ranked item.
    /// Such an answer is valid: it withdraws the participant's earlier answer and they stop counting as a respondent.
    /// </summary>
    public bool IsWithdrawal =>
        (Dots is null || Dots.Values.All(d => d == 0))
        && (Ratings is null || Ratings.Values.All(r => r is null || r.IsEmpty))
        && (Ranking is null || Ranking.IsEmpty);
}

/// <summary>
/// The rules every answer must keep. Decisions:
/// <list type="bullet">
/// <item>An empty answer of the right kind (no dots, no ratings, an empty ranking) is allowed: it withdraws the previous answer.</item>
/// <item><see cref="WorkshopError.EmptyAnswer"/> is for a malformed answer with none of the three fields present at all.</item>
/// <item>A ranking may hold fewer than the top k items; a rating may leave items unrated.</item>
/// <item>Whether the activity is open, locked or in this round is the grain's check, not this one.</item>
/// <item>A reason (Delphi round 2 and later) goes with an item the answer rates or ranks; the grain does not check that the
/// answer lies outside the group's IQR, since the phone offers the box only then and a reason elsewhere harms nobody.</item>
/// </list>
/// </summary>
public static class AnswerRules
{
    public const int MaxClientIdLength = 64;

    /// <summary>Throws <see cref="WorkshopRuleException"/> with a sentence for the participant unless <paramref name="answer"/> keeps the rules of <paramref name="definition"/>.</summary>
    public static void Validate(ActivityDefinition definition, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answer);

        if (string.IsNullOrWhiteSpace(answer.ClientId) || answer.ClientId.Length > MaxClientIdLength)
            throw new WorkshopRuleException(WorkshopError.ClientIdMissing,
                $"The answer has no client id, or one longer than {MaxClientIdLength} characters; please reload the page.");
        if (answer.ActivityId != definition.Id)
            throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This answer is for a different activity.");
        if (answer.Dots is null && answer.Ratings is null && answer.Ranking is null)
            throw new WorkshopRuleException(WorkshopError.EmptyAnswer, "The answer is empty.");

        switch (definition.Kind)
        {
            case ActivityKind.DotVote:
                RequireOnly(definition, answer.Dots, answer.Ratings is null && answer.Ranking is null, "dots");
                ValidateDots(definition, answer.Dots!);
                break;
            case ActivityKind.Rating:
                RequireOnly(definition, answer.Ratings, answer.Dots is null && answer.Ranking is null, "ratings");
                ValidateRatings(definition, answer.Ratings!);
                break;
            case ActivityKind.Ranking:
                RequireOnly(definition, answer.Ranking, answer.Dots is null && answer.Ratings is null, "a ranking");
                ValidateRanking(definition, answer.Ranking!);
                break;
            default:
                throw new WorkshopRuleException(WorkshopError.WrongKind, "This activity cannot be answered.");
        }
        if (answer.Reasons is { } reasons) ValidateReasons(definition, answer, reasons);
    }

    private static void ValidateReasons(ActivityDefinition definition, Answer answer, ImmutableDictionary<Guid, string> reasons)
    {
        // The count first: it bounds the work below to one reason per item.
        if (reasons.Count > definition.Items.Count)
            throw InvalidAnswer($"An answer gives at most one reason per item; this one gives {reasons.Count} for {definition.Items.Count} items.");
        var answered = AnsweredItems(answer);
        foreach (var (item, text) in reasons)
        {
            if (!answered.Contains(item))
                throw InvalidAnswer("A reason goes with an item your answer rates or ranks; this one names another item.");
            var length = PlainText.Lines(text).Length;
            if (length is 0 or > DelphiRules.MaxReasonLength)
                throw InvalidAnswer($"A reason has 1 to {DelphiRules.MaxReasonLength} characters; this one has {length}.");
        }
    }

    private static ImmutableHashSet<Guid> AnsweredItems(Answer answer) =>
        answer.Ratings is { } ratings ? [.. ratings.Values.SelectMany(byItem => byItem.Keys)] : [.. answer.Ranking ?? []];

    private static WorkshopRuleException InvalidAnswer(string message) => new(WorkshopError.InvalidAnswer, message);

    private static void RequireOnly(ActivityDefinition definition, object? field, bool othersEmpty, string expected)
    {
        if (field is null || !othersEmpty)
            throw new WorkshopRuleException(WorkshopError.WrongKind,
                $"This activity is {Describe(definition.Kind)}; the answer must hold {expected} and nothing else.");
    }

    private static string Describe(ActivityKind kind) => kind switch
    {
        ActivityKind.DotVote => "a dot vote",
        ActivityKind.Rating => "a rating",
        ActivityKind.Ranking => "a ranking",
        _ => "unknown",
    };

    private static void ValidateDots(ActivityDefinition definition, ImmutableDictionary<Guid, int> dots)
    {
        // Per-item checks first: they bound every value, so the total cannot overflow.
        var total = 0;
        foreach (var (item, count) in dots)
        {
            RequireItem(definition, item);
            if (count < 0)
                throw new WorkshopRuleException(WorkshopError.NegativeDots, "An item cannot have fewer than zero dots.");
            if (count > definition.MaxDotsPerItem)
                throw new WorkshopRuleException(WorkshopError.OverItemCap,
                    $"You can put at most {definition.MaxDotsPerItem} dots on one item; this answer puts {count} on one.");
            total += count;
        }
        if (total > definition.DotBudget)
            throw new WorkshopRuleException(WorkshopError.OverBudget,
                $"You have {definition.DotBudget} dots; this answer uses {total}.");
    }

    private static void ValidateRatings(ActivityDefinition definition, ImmutableDictionary<string, ImmutableDictionary<Guid, int>> ratings)
    {
        foreach (var (key, byItem) in ratings)
        {
            var scale = definition.Scale(key)
                ?? throw new WorkshopRuleException(WorkshopError.UnknownScale, "The answer rates on a scale this activity does not ask about.");
            // A JSON null for one scale is malformed, not "no ratings": the phone sends {} for that.
            if (byItem is null)
                throw new WorkshopRuleException(WorkshopError.WrongKind, $"The ratings for \"{key}\" are missing.");
            foreach (var (item, value) in byItem)
            {
                RequireItem(definition, item);
                if (value < scale.Min || value > scale.Max)
                    throw new WorkshopRuleException(WorkshopError.RatingOutOfRange,
                        $"Ratings run from {scale.Min} to {scale.Max}; {value} is outside that range.");
            }
        }
    }

    private static void ValidateRanking(ActivityDefinition definition, ImmutableList<Guid> ranking)
    {
        // The length first: it is the cheap check and bounds the loop below.
        if (ranking.Count > definition.RankTop)
            throw new WorkshopRuleException(WorkshopError.TooManyRanks,
                $"Rank at most your top {definition.RankTop}; this answer ranks {ranking.Count}.");
        var seen = new HashSet<Guid>();
        foreach (var item in ranking)
        {
            RequireItem(definition, item);
            if (!seen.Add(item))
                throw new WorkshopRuleException(WorkshopError.DuplicateRank, "Each item can take only one place in your ranking.");
        }
    }

    private static void RequireItem(ActivityDefinition definition, Guid item)
    {
        if (!definition.Contains(item))
            throw new WorkshopRuleException(WorkshopError.ItemNotInActivity, "The answer names an item that is not part of this activity.");
    }
}
