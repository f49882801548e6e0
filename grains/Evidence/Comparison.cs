using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Evidence;

/// <summary>What a comparison shows as each cell's priority.</summary>
public enum ComparisonMeasure { Importance, Development, DotVote, Ranking, Board }

/// <summary>One column: a workshop (by workshop) or one answer of a segment question (by segment, pooled over the selected workshops).</summary>
public sealed record ComparisonColumn(string Key, string Title);

/// <summary>
/// One cell. <see cref="Value"/> is null when nothing is known or when fewer than <see cref="Comparison.PrivacyThreshold"/>
/// people answered: such a cell is shown as "–" and carries no numbers at all.
/// </summary>
/// <param name="Value">Importance or development mean, dot-vote share (0..1), Borda score over the round's top score (0..1), or board votes.</param>
/// <param name="Development">For a rating: the development mean beside the importance (the matrix's second axis).</param>
/// <param name="Agreement">Rating: % agreement (0..1) of the scale; ranking: Kendall's W of the round.</param>
/// <param name="Consensus">Where the item stood against the activity's consensus rule in that round; null when pooled from several workshops.</param>
public sealed record ComparisonCell(double? Value, double? Development, double? Agreement, int N, ConsensusAt? Consensus = null)
{
    public static ComparisonCell Empty { get; } = new(null, null, null, 0);
    public bool Shown => Value.HasValue;
}

public sealed record ComparisonRow(Guid ItemId, string Code, string Label, ImmutableList<ComparisonCell> Cells)
{
    /// <summary>True when the groups side by side reached different consensus on this item (e.g. in for one country, none for another).</summary>
    public bool ConsensusDiffers => Cells.Where(c => c.Shown && c.Consensus is not null).Select(c => c.Consensus!.Status).Distinct().Count() > 1;
}

/// <summary>
/// An item against its activity's consensus rule in one closed round (issue 11's Delphi rounds), as the model shows it:
/// "consensus in round 2 (82 %, IQR 1)".
/// </summary>
public sealed record ConsensusAt(ConsensusStatus Status, int Round, string Scale, int N, double? Agreement, double? Disagreement, double? Median, double? Iqr)
{
    /// <summary>The share that decided the status: agreement for in and none, disagreement for out.</summary>
    public double? Share => Status == ConsensusStatus.Out ? Disagreement : Agreement;

    /// <summary>The status as exports, CASE and page addresses write it.</summary>
    public string Code => CodeOf(Status);

    public static string CodeOf(ConsensusStatus status) => status switch
    {
        ConsensusStatus.In => "in",
        ConsensusStatus.Out => "out",
        _ => "none",
    };

    public static ConsensusAt? Of(ItemEvidence evidence) => evidence is { Rule: not null, Consensus: { } c }
        ? new(c.Status, evidence.Round, c.Scale, c.N, c.Agreement, c.Disagreement, c.Median, c.Iqr)
        : null;

    /// <summary>Per item, its latest round with a rule over everyone (segment breakdowns belong to the comparison).</summary>
    public static IReadOnlyDictionary<Guid, ConsensusAt> LatestByItem(IEnumerable<ItemEvidence> evidence) =>
        evidence.Where(e => e.Segment is null && Of(e) is not null).GroupBy(e => e.ItemId)
            .ToDictionary(g => g.Key, g => Of(g.OrderBy(e => e.At).ThenBy(e => e.Round).Last())!);
}

public sealed record ComparisonTable(ComparisonMeasure Measure, string? By, ImmutableList<ComparisonColumn> Columns, ImmutableList<ComparisonRow> Rows)
{
    /// <summary>The smallest and largest shown value, for the heat map; null when no cell is shown.</summary>
    public (double Min, double Max)? Range
    {
        get
        {
            var values = Rows.SelectMany(r => r.Cells).Where(c => c.Value.HasValue).Select(c => c.Value!.Value).ToList();
            return values.Count == 0 ? null : (values.Min(), values.Max());
        }
    }
}

/// <summary>
/// Compares the outcomes of several workshops on the items of a framework: rows are the items of its latest version,
/// columns the workshops or the segments (e.g. countries), cells the priority of the chosen method.
/// For each item and column it takes the latest closed round (the last recorded) of that method. A segment column
/// pooled from several workshops weights each workshop's value by its n (exact for means and shares).
/// </summary>
public static class Comparison
{
    /// <summary>Cells describing fewer people than this are never shown (the design's privacy threshold).</summary>
    public const int PrivacyThreshold = 3;

    public static ActivityKind MethodOf(ComparisonMeasure measure) => measure switch
    {
        ComparisonMeasure.Importance or ComparisonMeasure.Development => ActivityKind.Rating,
        ComparisonMeasure.DotVote => ActivityKind.DotVote,
        ComparisonMeasure.Ranking => ActivityKind.Ranking,
        _ => ActivityKind.Board,
    };

    /// <summary>The segment keys ("country") found in the evidence, sorted.</summary>
    public static ImmutableList<string> SegmentKeys(IEnumerable<ItemEvidence> evidence) =>
        [.. evidence.Where(e => e.Segment is not null).Select(e => SplitSegment(e.Segment!).Key).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The workshops with evidence, by their latest title, oldest first.</summary>
    public static ImmutableList<(Guid Id, string Title)> Workshops(IEnumerable<ItemEvidence> evidence) =>
        [.. evidence.GroupBy(e => e.WorkshopId).OrderBy(g => g.Min(e => e.At)).Select(g => (g.Key, g.MaxBy(e => e.At)!.WorkshopTitle))];

    /// <param name="items">The items of the framework's latest version, in tree order.</param>
    /// <param name="workshops">The selected workshops, in column order (by workshop).</param>
    /// <param name="by">Null: one column per workshop; a segment key ("country"): one column per answer of it.</param>
    public static ComparisonTable Build(IReadOnlyList<FrameworkItem> items, IEnumerable<ItemEvidence> evidence, IReadOnlyList<Guid> workshops,
        ComparisonMeasure measure, string? by, string language, string fallbackLanguage, int threshold = PrivacyThreshold)
    {
        var method = MethodOf(measure);
        var selected = workshops.ToHashSet();
        var relevant = evidence.Where(e => e.Method == method && selected.Contains(e.WorkshopId)
            && (by is null ? e.Segment is null : e.Segment is not null && SplitSegment(e.Segment).Key == by)).ToList();

        // Borda is normalised by the top score of its own round and group.
        var topBorda = relevant.Where(e => method == ActivityKind.Ranking)
            .GroupBy(e => (e.WorkshopId, e.ActivityId, e.Round, e.Segment))
            .ToDictionary(g => g.Key, g => g.Max(e => e.Statistics.GetValueOrDefault("borda")));

        // The latest round of this method per item, workshop and segment.
        var latest = relevant.GroupBy(e => (e.ItemId, e.WorkshopId, e.Segment)).Select(g => g.OrderBy(e => e.At).ThenBy(e => e.Round).Last()).ToList();

        var titles = Workshops(evidence).ToDictionary(w => w.Id, w => w.Title);
        var columns = by is null
            ? workshops.Select(w => new ComparisonColumn(w.ToString(), titles.GetValueOrDefault(w, w.ToString()))).ToImmutableList()
            : latest.Select(e => SplitSegment(e.Segment!).Value).Distinct().Order(StringComparer.Ordinal).Select(v => new ComparisonColumn(v, v)).ToImmutableList();
        string ColumnOf(ItemEvidence e) => by is null ? e.WorkshopId.ToString() : SplitSegment(e.Segment!).Value;

        var byCell = latest.GroupBy(e => (e.ItemId, Column: ColumnOf(e))).ToDictionary(g => g.Key, g => g.ToList());
        var rows = items.Select(item => new ComparisonRow(item.Id, item.Code, item.Label(language, fallbackLanguage),
            [.. columns.Select(c => byCell.TryGetValue((item.Id, c.Key), out var found) ? Cell(found, measure, topBorda, threshold) : ComparisonCell.Empty)]))
            .ToImmutableList();
        return new ComparisonTable(measure, by, columns, rows);
    }

    private static ComparisonCell Cell(List<ItemEvidence> found, ComparisonMeasure measure,
        Dictionary<(Guid, Guid, int, string?), double> topBorda, int threshold)
    {
        var parts = found.Select(e => (e.N, Value: Value(e, measure, topBorda), Development: measure == ComparisonMeasure.Importance ? Stat(e, "development.mean") : null,
            Agreement: Agreement(e, measure))).Where(p => p.Value.HasValue && p.N > 0).ToList();
        var n = parts.Sum(p => p.N);
        if (parts.Count == 0 || n < threshold) return ComparisonCell.Empty;
        var value = measure == ComparisonMeasure.Board ? parts.Sum(p => p.Value!.Value) : Weighted(parts.Select(p => (p.N, p.Value)));
        return new ComparisonCell(value, Weighted(parts.Select(p => (p.N, p.Development))), Weighted(parts.Select(p => (p.N, p.Agreement))), n,
            found.Count == 1 ? Consensus(found[0], measure) : null);
    }

    /// <summary>The cell's consensus on the scale the measure shows (a rating's importance or development, a ranking's places).</summary>
    private static ConsensusAt? Consensus(ItemEvidence e, ComparisonMeasure measure) =>
        ConsensusAt.Of(e) is { } consensus && consensus.Scale == measure switch
        {
            ComparisonMeasure.Importance => RatingScale.Importance.Key,
            ComparisonMeasure.Development => RatingScale.Development.Key,
            _ => TallyMeasure.Rank,
        } ? consensus : null;

    private static double? Value(ItemEvidence e, ComparisonMeasure measure, Dictionary<(Guid, Guid, int, string?), double> topBorda) => measure switch
    {
        ComparisonMeasure.Importance => Stat(e, "importance.mean"),
        ComparisonMeasure.Development => Stat(e, "development.mean"),
        ComparisonMeasure.DotVote => Stat(e, "share"),
        ComparisonMeasure.Ranking => Stat(e, "borda") is { } borda
            ? topBorda.GetValueOrDefault((e.WorkshopId, e.ActivityId, e.Round, e.Segment)) is var top and > 0 ? borda / top : 0
            : null,
        _ => Stat(e, "votes"),
    };

    private static double? Agreement(ItemEvidence e, ComparisonMeasure measure) => measure switch
    {
        ComparisonMeasure.Importance => Stat(e, "importance.agreement"),
        ComparisonMeasure.Development => Stat(e, "development.agreement"),
        ComparisonMeasure.Ranking => Stat(e, "kendallW"),
        _ => null,
    };

    private static double? Stat(ItemEvidence e, string name) => e.Statistics.TryGetValue(name, out var v) ? v : null;

    private static double? Weighted(IEnumerable<(int N, double? Value)> parts)
    {
        var known = parts.Where(p => p.Value.HasValue).ToList();
        if (known.Count == 1) return known[0].Value;
        var n = known.Sum(p => p.N);
        return n == 0 ? null : known.Sum(p => p.N * p.Value!.Value) / n;
    }

    /// <summary>"country=SI" as ("country", "SI").</summary>
    public static (string Key, string Value) SplitSegment(string segment)
    {
        var at = segment.IndexOf('=');
        return at < 0 ? (segment, "") : (segment[..at], segment[(at + 1)..]);
    }
}
