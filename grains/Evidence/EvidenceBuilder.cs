using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Evidence;

/// <summary>Turns a closed round into evidence on its items: for everyone, and for each answer of each segment question.</summary>
public static class EvidenceBuilder
{
    /// <summary>Smaller segment groups are not recorded at all: with one or two people, a breakdown would show how they voted.</summary>
    public const int MinimumSegmentSize = 3;

    /// <summary>
    /// The evidence of a closed round on the items it asked. Under a consensus rule each record also carries the rule and the
    /// item's consensus on its primary scale (<see cref="DelphiClose.PrimaryScale"/>): the round's for everyone, with its
    /// stability; for a segment (e.g. one country's focus group) the rule applied to that segment's answers, without stability.
    /// </summary>
    public static ImmutableList<ItemEvidence> For(WorkshopState workshop, ActivityState activity, IReadOnlyList<(ParticipantEntry Participant, Answer Answer)> answers, DateTimeOffset at)
    {
        var asked = AgendaRules.Asked(activity);
        var delphi = activity.DelphiRounds?.Find(r => r.Round == activity.Round);
        var groups = workshop.SegmentQuestions
            .SelectMany(q => answers.Where(a => a.Participant.Segments.ContainsKey(q.Key)).GroupBy(a => $"{q.Key}={a.Participant.Segments[q.Key]}").Where(g => g.Count() >= MinimumSegmentSize))
            .Select(g => (Segment: (string?)g.Key, Answers: g.Select(a => a.Answer).ToList()))
            .Prepend((Segment: null, Answers: answers.Select(a => a.Answer).ToList()));
        return groups.SelectMany(group =>
        {
            var counts = TallyCounts.FromAnswers(asked, group.Answers);
            var consensus = delphi is null || activity.Definition.Consensus is not { } rule ? null
                : group.Segment is null ? delphi.Consensus : DelphiRules.Evaluate(asked, rule, counts, asked.Items);
            var stability = group.Segment is null ? delphi?.Stability : null;
            return Statistics(Results.For(asked, counts)).Select(s => WithConsensus(new ItemEvidence(s.Item, workshop.Id, workshop.Title, activity.Id, activity.Round,
                activity.Definition.Kind, s.N, s.Values, group.Segment, at), activity.Definition, consensus, stability));
        }).ToImmutableList();
    }

    private static ItemEvidence WithConsensus(ItemEvidence evidence, ActivityDefinition definition, ImmutableList<ItemConsensus>? consensus, RoundStability? stability)
    {
        if (consensus is null) return evidence;
        var scale = DelphiClose.PrimaryScale(definition);
        return evidence with
        {
            Rule = definition.Consensus,
            Consensus = consensus.Find(c => c.Item == evidence.ItemId && c.Scale == scale),
            Stability = stability?.Items.Find(i => i.Item == evidence.ItemId && i.Scale == scale),
        };
    }

    /// <summary>A closed board's votes on the framework items its notes and clusters were linked to.</summary>
    public static ImmutableList<ItemEvidence> ForBoard(WorkshopState workshop, ActivityState activity, BoardState board, BoardResults results, DateTimeOffset at)
    {
        var linked = board.Notes.Where(n => !n.Hidden && n.LinkedItem is not null).Select(n => (Target: n.Id, Item: n.LinkedItem!.Value, Notes: 1))
            .Concat(board.Clusters.Where(c => c.LinkedItem is not null).Select(c => (Target: c.Id, Item: c.LinkedItem!.Value, Notes: board.Notes.Count(n => n.Cluster == c.Id && !n.Hidden))));
        return linked.Select(l =>
        {
            var result = results.Targets.Find(t => t.Target == l.Target);
            var values = ImmutableDictionary<string, double>.Empty.Add("notes", l.Notes).Add("votes", result?.Votes ?? 0).Add("voters", result?.Voters ?? 0);
            if (result is not null) values = values.Add("rank", result.Rank);
            return new ItemEvidence(l.Item, workshop.Id, workshop.Title, activity.Id, activity.Round, ActivityKind.Board, result?.Voters ?? 0, values, null, at);
        }).ToImmutableList();
    }

    /// <summary>The statistics of each item as named numbers, the form evidence keeps across methods.</summary>
    public static IEnumerable<(Guid Item, int N, ImmutableDictionary<string, double> Values)> Statistics(ActivityResults results) => results.Kind switch
    {
        ActivityKind.DotVote => results.DotVote!.Items.Select(i => (i.Item, results.DotVote.Respondents, Named(
            ("dots", i.Dots), ("voters", i.Voters), ("share", i.Share), ("rank", i.Rank)))),
        ActivityKind.Rating => results.Rating!.Items.Select(i => (i.Item, i.Scales.Max(s => s.N), Named(i.Scales.SelectMany(s => new (string, double?)[]
        {
            ($"{s.Scale}.n", s.N), ($"{s.Scale}.mean", s.Mean), ($"{s.Scale}.median", s.Median), ($"{s.Scale}.sd", s.StandardDeviation),
            ($"{s.Scale}.q1", s.Q1), ($"{s.Scale}.q3", s.Q3), ($"{s.Scale}.iqr", s.Iqr), ($"{s.Scale}.agreement", s.Agreement),
        }).ToArray()))),
        ActivityKind.Ranking => results.Ranking!.Items.Select(i => (i.Item, i.N, Named(
            ("borda", i.Borda), ("meanRank", i.MeanRank), ("rank", i.Rank), ("kendallW", results.Ranking.KendallW)))),
        _ => [],
    };

    private static ImmutableDictionary<string, double> Named(params (string Name, double? Value)[] values) =>
        values.Where(v => v.Value.HasValue).ToImmutableDictionary(v => v.Name, v => v.Value!.Value);
}
