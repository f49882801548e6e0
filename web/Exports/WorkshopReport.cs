using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;

namespace Workshop.Web.Exports;

/// <summary>
/// A printable HTML report of a workshop in the reader's language and culture (A4): the agenda with its timings, per activity
/// an SVG chart and the statistics table, the Delphi rounds and the boards' clusters. Every user text is HTML-encoded;
/// item labels are in the workshop's language, as the framework has them.
/// </summary>
public static class WorkshopReport
{
    private const string Style = """
        body{font-family:system-ui,"Noto Sans","Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2rem auto;color:#1a1a1a;max-width:60rem;line-height:1.35;padding:0 1rem}
        h1{margin-bottom:.2rem;font-size:1.7rem} h2{margin-top:2rem;border-bottom:2px solid #2f6db5;padding-bottom:.15rem;font-size:1.3rem} h3{font-size:1.05rem}
        h1,h2,h3,h4,figcaption,.caption{break-after:avoid-page;page-break-after:avoid}
        table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.85rem} thead{display:table-header-group}
        tr{break-inside:avoid;page-break-inside:avoid}
        th,td{border:1px solid #c8c8c8;padding:.2rem .35rem;text-align:left;vertical-align:top} th{background:#eef2f8;font-weight:600}
        td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums} td.code{white-space:nowrap} th.label{width:35%}
        figure{margin:.6rem 0;break-inside:avoid} figcaption{font-weight:600;font-size:.9rem;margin-bottom:.1rem}
        .muted{color:#555} .caption{margin:.2rem 0} .cluster{margin:.5rem 0 1rem;break-inside:avoid} .cluster ul{margin:.2rem 0}
        @media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt} h2{margin-top:1.2rem} a{color:inherit;text-decoration:none} .noprint{display:none}}
        @page{size:A4;margin:16mm 15mm 18mm}
        """;

    /// <summary>Columns that, when the same in every row, the report states once above the table.</summary>
    private static readonly HashSet<string> Constant = ["round", "respondents", "kendall_w"];

    public static string Render(WorkshopData data, IStringLocalizer l, CultureInfo culture, TimeZoneInfo zone, DateTimeOffset now)
    {
        // Markup characters are encoded; letters of every script stay as they are (č, ł, 社), readable in the source too.
        var e = HtmlEncoder.Create(UnicodeRanges.All);
        string H(string? text) => e.Encode(text ?? "");
        var state = data.State;
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{H(culture.Name)}\"><head><meta charset=\"utf-8\"><title>{H(state.Title)}</title><style>{Style}{ReportCharts.Style}{DelphiReport.Style}</style></head><body>");
        html.Append($"<h1>{H(state.Title)}</h1><p class=\"muted\">{H(l["Framework"])} {H(state.FrameworkId)} v{state.FrameworkVersion} · {H(TimeZoneInfo.ConvertTime(state.CreatedAt, zone).ToString("d", culture))} · {H(l["Participants"])}: {data.Record.Participants.Count} · {H(l[$"WorkshopStatus.{state.Status}"])}</p>");
        html.Append($"<p class=\"noprint\"><button onclick=\"window.print()\">{H(l["Print / PDF"])}</button></p>");
        Agenda(html, data, l, culture, zone, now, H);

        foreach (var activity in state.Activities)
        {
            html.Append($"<section class=\"activity\" data-activity=\"{activity.Id}\"><h2>{H(data.Text(activity.Definition.Title))}</h2><p class=\"caption muted\">{H(Method(data, activity, l, culture))}</p>");
            if (activity.Definition.Kind == ActivityKind.Board) Board(html, data.Record.Board(activity.Id), l, culture, H);
            else
            {
                var statistics = WorkshopTables.Statistics(data, activity);
                if (statistics.Rows.Count == 0) html.Append($"<p class=\"muted\">{H(l["No results yet."])}</p>");
                else
                {
                    Charts(html, data, activity, l, culture, H);
                    Statistics(html, data, activity, statistics, l, culture, H);
                }
                DelphiReport.Render(html, data, activity, l, culture, H);
            }
            html.Append("</section>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>The method in words: "Rating: Importance, Need for further development", "Ranking (top 3)".</summary>
    private static string Method(WorkshopData data, ActivityState activity, IStringLocalizer l, CultureInfo culture)
    {
        var definition = activity.Definition;
        var kind = l[$"ActivityKind.{definition.Kind}"].Value;
        return definition.Kind switch
        {
            ActivityKind.Rating => $"{kind}: {string.Join(", ", definition.Scales.Select(s => $"{ScaleName(data, s, l, culture)} ({s.Min}–{s.Max})"))}",
            ActivityKind.Ranking => $"{kind}: {l["Rank the top"]} {definition.RankTop.ToString(culture)}",
            _ => kind,
        };
    }

    /// <summary>A scale's name in the reader's language: its own label, else the app's text for a built-in scale, else the workshop's label.</summary>
    public static string ScaleName(WorkshopData data, RatingScale scale, IStringLocalizer l, CultureInfo culture)
    {
        if (scale.Labels.TryGetValue(culture.TwoLetterISOLanguageName, out var own)) return own;
        var builtIn = scale.Key switch { "importance" => "Importance", "development" => "Need for further development", _ => null };
        return builtIn is not null ? l[builtIn] : data.Text(scale.Labels) is { Length: > 0 } label ? label : scale.Key;
    }

    public static string ScaleName(WorkshopData data, ActivityState activity, string key, IStringLocalizer l, CultureInfo culture) =>
        activity.Definition.Scales.Find(s => s.Key == key) is { } scale ? ScaleName(data, scale, l, culture) : key;

    private static void Agenda(StringBuilder html, WorkshopData data, IStringLocalizer l, CultureInfo culture, TimeZoneInfo zone, DateTimeOffset now, Func<string?, string> h)
    {
        html.Append($"<h2>{h(l["Agenda"])}</h2><table class=\"agenda\"><thead><tr><th class=\"num\">#</th><th>{h(l["Activity"])}</th><th>{h(l["Method"])}</th><th>{h(l["Status"])}</th>"
            + $"<th class=\"num\">{h($"{l["Opened at"]} ({zone.Id})")}</th><th class=\"num\">{h($"{l["Closed at"]} ({zone.Id})")}</th><th class=\"num\">{h(l["Duration"])}</th></tr></thead><tbody>");
        string Time(DateTimeOffset? at) => at is { } t ? h(TimeZoneInfo.ConvertTime(t, zone).ToString("t", culture)) : "";
        foreach (var (activity, index) in data.State.Activities.Select((a, i) => (a, i + 1)))
        {
            var timing = ActivityTiming.Of(data.Record.Timeline, activity.Id, now);
            var duration = timing.Opened is null ? "" : timing.Duration.ToString(@"h\:mm\:ss", culture);
            html.Append($"<tr><td class=\"num\">{index}</td><td>{h(data.Text(activity.Definition.Title))}</td><td>{h(l[$"ActivityKind.{activity.Definition.Kind}"])}</td><td>{h(l[$"ActivityStatus.{activity.Status}"])}</td>"
                + $"<td class=\"num\">{Time(timing.Opened)}</td><td class=\"num\">{Time(timing.Closed)}</td><td class=\"num\">{h(duration)}</td></tr>");
        }
        html.Append($"</tbody></table><p class=\"caption muted\">{h(string.Format(culture, l["Times are in {0}."], zone.Id))}</p>");
    }

    /// <summary>The last round's chart: bars of dots, a distribution per scale and the matrix for a rating, Borda bars for a ranking.</summary>
    private static void Charts(StringBuilder html, WorkshopData data, ActivityState activity, IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        var rounds = WorkshopTables.Rounds(data, activity);
        if (rounds.LastOrDefault().Results is not { } results) return;
        // With several rounds the charts show the last one, and say so.
        var round = rounds.Count > 1 ? $" · {string.Format(culture, l["Round {0}"], rounds[^1].Round)}" : "";
        var items = activity.Items.ToDictionary(i => i.Id);
        string Label(Guid id) => items.TryGetValue(id, out var i) ? $"{i.Code} {data.Text(i.Labels)}" : "";
        void Figure(string caption, string svg) => html.Append($"<figure><figcaption>{h(caption + round)}</figcaption>{svg}</figure>");
        if (results.DotVote is { } dots)
            Figure(l["Column.dots"], ReportCharts.Bars([.. dots.Items.Select(i => new ChartBar(Label(i.Item), i.Dots, $"{i.Dots.ToString(culture)} · {DelphiReport.Percent(i.Share, culture)}"))], l["Column.dots"]));
        if (results.Ranking is { } ranking)
            Figure(l["Column.borda"], ReportCharts.Bars([.. ranking.Items.Select(i => new ChartBar(Label(i.Item), i.Borda, i.Borda.ToString(culture)))], l["Column.borda"]));
        if (results.Rating is not { } rating) return;
        foreach (var scale in activity.Definition.Scales)
        {
            var name = ScaleName(data, scale, l, culture);
            var rows = rating.Items.Select(i => (i.Item, Statistics: i.Scales.Find(s => s.Scale == scale.Key))).Where(r => r.Statistics is { N: > 0 })
                .Select(r => new ChartDistribution(Label(r.Item), r.Statistics!.Histogram)).ToList();
            if (rows.Count > 0) Figure(name, ReportCharts.Distribution(rows, scale.Min, scale.Max, name, name));
        }
        if (rating.Matrix is { } matrix && activity.Definition.Scales.Find(s => s.Key == matrix.XScale) is { } x && activity.Definition.Scales.Find(s => s.Key == matrix.YScale) is { } y)
        {
            var points = matrix.Points.Where(p => p.X is not null && p.Y is not null)
                .Select(p => new ChartPoint(items.TryGetValue(p.Item, out var i) ? i.Code : "", p.X!.Value, p.Y!.Value)).ToList();
            var (xName, yName) = (ScaleName(data, x, l, culture), ScaleName(data, y, l, culture));
            if (points.Count > 0) Figure($"{xName} × {yName}", ReportCharts.Matrix(points, (x.Min, x.Max), (y.Min, y.Max), xName, yName, $"{xName} × {yName}", culture));
        }
    }

    /// <summary>The statistics table in the reader's culture: percentages as percentages, scales by name; a column the same in every row is said once above.</summary>
    private static void Statistics(StringBuilder html, WorkshopData data, ActivityState activity, Table table, IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        string Cell(string header, object? value) => value switch
        {
            null => "",
            string key when header == "scale" => ScaleName(data, activity, key, l, culture),
            double share when WorkshopTables.Shares.Contains(header) => DelphiReport.Percent(share, culture),
            double number => number.ToString("0.##", culture),
            IFormattable number => number.ToString(null, culture),
            _ => value.ToString() ?? "",
        };
        var columns = Enumerable.Range(0, table.Headers.Count).ToList();
        var said = columns.Where(c => Constant.Contains(table.Headers[c]) && table.Rows.Select(r => r[c]).Distinct().Count() == 1).ToList();
        if (said.Count > 0)
            html.Append($"<p class=\"caption\">{string.Join(" · ", said.Select(c => $"{h(l[$"Column.{table.Headers[c]}"])}: {h(Cell(table.Headers[c], table.Rows[0][c]))}"))}</p>");
        var shown = columns.Except(said).ToList();
        html.Append("<table class=\"statistics\"><thead><tr>");
        foreach (var c in shown)
            html.Append($"<th{(table.Rows[0][c] is int or double ? " class=\"num\"" : table.Headers[c] is "item" or "target" ? " class=\"label\"" : "")}>{h(l[$"Column.{table.Headers[c]}"])}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var c in shown)
            {
                var css = row[c] is int or double ? " class=\"num\"" : table.Headers[c] == "item_code" ? " class=\"code\"" : "";
                html.Append($"<td{css}>{h(Cell(table.Headers[c], row[c]))}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    /// <summary>The board's clusters with their notes and votes, the notes in no cluster, and a bar chart of the votes.</summary>
    private static void Board(StringBuilder html, BoardState board, IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        var results = BoardResults.From(board);
        var votes = results.Targets.ToDictionary(t => t.Target, t => t.Votes);
        string Votes(Guid target) => votes.TryGetValue(target, out var v) && v > 0 ? $" <strong>{h(l["Column.votes"])}: {v.ToString(culture)}</strong>" : "";
        var notes = board.Notes.Where(n => !n.Hidden).ToList();
        foreach (var cluster in board.Clusters)
        {
            html.Append($"<div class=\"cluster\"><h3>{h(cluster.Name)}{Votes(cluster.Id)}</h3><ul>");
            foreach (var note in notes.Where(n => n.Cluster == cluster.Id))
                html.Append($"<li>{h(note.Text)}{Votes(note.Id)}</li>");
            html.Append("</ul></div>");
        }
        var loose = notes.Where(n => n.Cluster is null || board.Cluster(n.Cluster.Value) is null).ToList();
        if (loose.Count > 0)
        {
            html.Append($"<div class=\"cluster\"><h3>{h(l["Unclustered notes"])}</h3><ul>");
            foreach (var note in loose) html.Append($"<li>{h(note.Text)}{Votes(note.Id)}</li>");
            html.Append("</ul></div>");
        }
        var voted = results.Targets.Where(t => t.Votes > 0).ToList();
        if (voted.Count > 0)
            html.Append($"<figure><figcaption>{h(l["Column.votes"])}</figcaption>{ReportCharts.Bars([.. voted.Select(t => new ChartBar(WorkshopTables.BoardTarget(board, t.Target), t.Votes, $"{t.Votes.ToString(culture)} ({l["Column.voters"]}: {t.Voters.ToString(culture)})"))], l["Column.votes"])}</figure>");
    }
}
