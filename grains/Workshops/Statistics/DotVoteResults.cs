using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>One item of a dot vote.</summary>
/// <param name="Dots">All dots put on the item.</param>
/// <param name="Voters">How many participants put at least one dot on it.</param>
/// <param name="Share">Voters as a share (0 to 1) of the participants who voted at all; 0 when nobody voted.</param>
/// <param name="Rank">Competition rank by dots, most first: ties share a rank and the next rank skips (1, 2, 2, 4).</param>
[GenerateSerializer, Immutable]
public sealed record DotVoteItemResult(
    [property: Id(0)] Guid Item,
    [property: Id(1)] int Dots,
    [property: Id(2)] int Voters,
    [property: Id(3)] double Share,
    [property: Id(4)] int Rank);

/// <param name="Respondents">Participants with at least one dot placed.</param>
/// <param name="Items">Every item of the activity, by rank, ties in the activity's item order.</param>
[GenerateSerializer, Immutable]
public sealed record DotVoteResults(
    [property: Id(0)] int Respondents,
    [property: Id(1)] int TotalDots,
    [property: Id(2)] ImmutableList<DotVoteItemResult> Items)
{
    public static DotVoteResults From(ActivityDefinition definition, TallyCounts counts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(counts);
        var index = new TallyIndex(counts);
        var respondents = counts.Respondents;
        var dots = definition.Items.Select(item => index.Total(item, TallyMeasure.Dots)).ToArray();
        var ranks = Ranks.Competition(dots);
        var items = definition.Items
            .Select((item, i) =>
            {
                var voters = index.Count(item, TallyMeasure.Dots);
                return (Order: i, Result: new DotVoteItemResult(item, (int)dots[i], voters, respondents == 0 ? 0 : (double)voters / respondents, ranks[i]));
            })
            .OrderBy(r => r.Result.Rank).ThenBy(r => r.Order)
            .Select(r => r.Result)
            .ToImmutableList();
        return new DotVoteResults(respondents, (int)dots.Sum(), items);
    }
}
