using System.Collections.Immutable;
using System.Globalization;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>A table of an export: headers and rows of cells (strings or numbers).</summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A workshop's record with every participant's current answers, read once for an export.</summary>
public sealed record WorkshopData(WorkshopRecord Record, ImmutableDictionary<Guid, ImmutableList<AnswerRecord>> Answers)
{
    public static async Task<WorkshopData?> Load(IGrainFactory grains, Guid id)
    {
        var record = await grains.GetGrain<IWorkshopGrain>(id).GetRecord();
        if (record is null) return null;
        var answers = await Task.WhenAll(record.Participants.Select(async p => (p.Id, await grains.GetGrain<IParticipantGrain>(p.Id).GetAnswers())));
        return new WorkshopData(record, answers.ToImmutableDictionary(a => a.Id, a => a.Item2));
    }

    public WorkshopState State => Record.Workshop;

    public string Language => State.Language;

    public IReadOnlyList<string> SegmentKeys =>
        State.SegmentQuestions.Select(q => q.Key)
            .Concat(Record.Participants.SelectMany(p => p.Segments.Keys).Order(StringComparer.Ordinal))
            .Distinct().ToList();

    public IEnumerable<ParticipantEntry> Participants => Record.Participants.OrderBy(p => p.JoinedAt).ThenBy(p => p.Pseudonym.Length).ThenBy(p => p.Pseudonym, StringComparer.Ordinal);

    public string Text(ImmutableDictionary<string, string>? texts) =>
        texts is null ? "" : texts.TryGetValue(Language, out var t) ? t : texts.TryGetValue("en", out var en) ? en : texts.Values.FirstOrDefault() ?? "";
}

public static class WorkshopTables
{
    public static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";

    /// <summary>Columns that hold a share from 0 to 1, which the report and the workbook show as percentages.</summary>
    public static readonly HashSet<string> Shares = ["share", "agreement", "disagreement", "response_rate", "moved_share", "min_agreement", "stable_below"];

    public static Table Participants(WorkshopData data)
    {
        var keys = data.SegmentKeys;
        return new Table(["pseudonym", .. keys.Select(k => $"segment_{k}"), "language", "joined_at"],
            data.Participants.Select(p => (IReadOnlyList<object?>)[p.Pseudonym, .. keys.Select(k => p.Segments.GetValueOrDefault(k)), p.Language, p.JoinedAt]).ToList());
    }

    /// <summary>Every event of the workshop, oldest first.</summary>
    public static Table Timeline(WorkshopRecord record) =>
        new(["at", "kind", "participant", "activity", "round", "detail"],
            [.. record.Timeline.Select(e => (IReadOnlyList<object?>)[e.At, e.Kind, e.Participant, e.Activity, e.Round, e.Detail])]);

    /// <summary>
    /// The raw answers to one activity, by pseudonym (never a name): one row per item value of each participant's current
    /// answer in each round, with the time it last changed and how many answers the participant gave to that round
    /// (the replaced answers themselves are not kept).
    /// </summary>
    public static Table RawAnswers(WorkshopData data, ActivityState activity)
    {
        var keys = data.SegmentKeys;
        var codes = activity.Items.ToDictionary(i => i.Id, i => i.Code);
        string Code(Guid item) => codes.GetValueOrDefault(item, item.ToString());
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var participant in data.Participants)
        {
            var prefix = new object?[] { participant.Pseudonym }.Concat(keys.Select(k => (object?)participant.Segments.GetValueOrDefault(k))).ToList();
            foreach (var record in data.Answers.GetValueOrDefault(participant.Id, []).Where(r => r.Answer.ActivityId == activity.Id).OrderBy(r => r.Answer.Round))
            {
                var at = record.At;
                var values = new List<(string Item, string Measure, int Value)>();
                var answer = record.Answer;
                foreach (var (item, dots) in answer.Dots ?? ImmutableDictionary<Guid, int>.Empty)
                    if (dots != 0) values.Add((Code(item), "dots", dots));
                foreach (var (scale, byItem) in answer.Ratings ?? ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty)
                    foreach (var (item, value) in byItem ?? ImmutableDictionary<Guid, int>.Empty)
                        values.Add((Code(item), scale, value));
                foreach (var (item, place) in (answer.Ranking ?? []).Select((item, i) => (item, i + 1)))
                    values.Add((Code(item), "rank", place));
                var ordered = values.OrderBy(v => activity.Items.FindIndex(i => i.Code == v.Item)).ThenBy(v => v.Measure, StringComparer.Ordinal).ToList();
                if (ordered.Count == 0) rows.Add([.. prefix, at, answer.Round, "", "withdrawn", null, record.Count]);
                foreach (var (item, measure, value) in ordered)
                    rows.Add([.. prefix, at, answer.Round, item, measure, value, record.Count]);
            }
        }
        return new Table(["pseudonym", .. keys.Select(k => $"segment_{k}"), "time", "round", "item_code", "measure", "value", "answers"], rows);
    }

    /// <summary>The results of every round: the closed rounds and, while it is open, the current one counted from the stored answers.</summary>
    public static IReadOnlyList<(int Round, ActivityResults Results)> Rounds(WorkshopData data, ActivityState activity)
    {
        var rounds = activity.ClosedRounds.Select((r, i) => (Round: i + 1, Results: r)).ToList();
        if (activity.Definition.Kind == ActivityKind.Board)
        {
            var board = BoardResults.From(data.Record.Board(activity.Id));
            return [(Math.Max(activity.Round, 1), new ActivityResults(ActivityKind.Board, null, null, null, board))];
        }
        if (activity.Status == ActivityStatus.Open && rounds.All(r => r.Round != activity.Round))
        {
            var current = data.Answers.Values.Select(records => records.Find(r => r.Answer.ActivityId == activity.Id && r.Answer.Round == activity.Round)?.Answer);
            rounds.Add((activity.Round, Workshop.Grains.Workshops.Results.For(activity.Definition, TallyCounts.FromAnswers(activity.Definition, current))));
        }
        return rounds;
    }

    /// <summary>The statistics of an activity as one table over all its rounds.</summary>
    public static Table Statistics(WorkshopData data, ActivityState activity)
    {
        var items = activity.Items.ToDictionary(i => i.Id);
        string Code(Guid id) => items.TryGetValue(id, out var i) ? i.Code : "";
        string Label(Guid id) => items.TryGetValue(id, out var i) ? data.Text(i.Labels) : "";
        var rows = new List<IReadOnlyList<object?>>();
        switch (activity.Definition.Kind)
        {
            case ActivityKind.DotVote:
                foreach (var (round, results) in Rounds(data, activity))
                    foreach (var i in results.DotVote?.Items ?? [])
                        rows.Add([round, i.Rank, Code(i.Item), Label(i.Item), i.Dots, i.Voters, Math.Round(i.Share, 4), results.DotVote!.Respondents]);
                return new Table(["round", "rank", "item_code", "item", "dots", "voters", "share", "respondents"], rows);
            case ActivityKind.Rating:
                foreach (var (round, results) in Rounds(data, activity))
                    foreach (var i in results.Rating?.Items ?? [])
                        foreach (var s in i.Scales)
                            rows.Add([round, Code(i.Item), Label(i.Item), s.Scale, s.N, R(s.Mean), R(s.Median), R(s.StandardDeviation), R(s.Q1), R(s.Q3), R(s.Iqr), R(s.Agreement), results.Rating!.Respondents]);
                return new Table(["round", "item_code", "item", "scale", "n", "mean", "median", "sd", "q1", "q3", "iqr", "agreement", "respondents"], rows);
            case ActivityKind.Ranking:
                foreach (var (round, results) in Rounds(data, activity))
                    foreach (var i in results.Ranking?.Items ?? [])
                        rows.Add([round, i.Rank, Code(i.Item), Label(i.Item), i.Borda, i.N, R(i.MeanRank), Math.Round(results.Ranking!.KendallW, 4), results.Ranking.Respondents]);
                return new Table(["round", "rank", "item_code", "item", "borda", "n", "mean_rank", "kendall_w", "respondents"], rows);
            default:
                var board = data.Record.Board(activity.Id);
                foreach (var (round, results) in Rounds(data, activity))
                    foreach (var t in results.Board?.Targets ?? [])
                        rows.Add([round, t.Rank, results.Board!.On.ToString().ToLowerInvariant(), BoardTarget(board, t.Target), t.Votes, t.Voters]);
                return new Table(["round", "rank", "on", "target", "votes", "voters"], rows);
        }
    }

    public static string BoardTarget(BoardState board, Guid target) =>
        board.Cluster(target)?.Name ?? board.Note(target)?.Text ?? target.ToString();

    private static double? R(double? value) => value is { } v ? Math.Round(v, 4) : null;

    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
