using Workshop.Grains.Boards;

namespace Workshop.Grains.Workshops;

/// <summary>The results of one activity (in one round): exactly the field of its <see cref="Kind"/> is set.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivityResults(
    [property: Id(0)] ActivityKind Kind,
    [property: Id(1)] DotVoteResults? DotVote,
    [property: Id(2)] RatingResults? Rating,
    [property: Id(3)] RankingResults? Ranking,
    [property: Id(4)] BoardResults? Board = null);

public static class Results
{
    /// <summary>The results of <paramref name="definition"/> computed from its tally alone.</summary>
    public static ActivityResults For(ActivityDefinition definition, TallyCounts counts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Kind switch
        {
            ActivityKind.DotVote => new ActivityResults(ActivityKind.DotVote, DotVoteResults.From(definition, counts), null, null),
            ActivityKind.Rating => new ActivityResults(ActivityKind.Rating, null, RatingResults.From(definition, counts), null),
            ActivityKind.Ranking => new ActivityResults(ActivityKind.Ranking, null, null, RankingResults.From(definition, counts)),
            ActivityKind.Board => new ActivityResults(ActivityKind.Board, null, null, null, BoardResults.From(BoardState.Empty)),
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, "Unknown kind of activity."),
        };
    }
}
