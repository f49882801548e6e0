using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>
/// A printable HTML report of a workshop in the reader's interface language: agenda, statistics with CSS bars, Delphi rounds, boards.
/// Every user text is HTML-encoded. Item labels are in the workshop's language.
/// </summary>
public static class WorkshopReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:60rem}
        h1{margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
        th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:#f2f2f2} td.num{text-align:right}
        .bar{background:#e8eef7;min-width:8rem} .bar span{display:block;height:.9rem;background:#3b6fb6;-webkit-print-color-adjust:exact;print-color-adjust:exact}
        .muted{color:#666} .cluster{margin:.5rem 0 1rem} .cluster ul{margin:.2rem 0}
        @media print{body{margin:0;max-width:none} section.activity{break-inside:avoid-page} h2{break-after:avoid} a{color:inherit;text-decoration:none} .noprint{display:none}}
        @page{margin:15mm}
        """;

    public static string Render(WorkshopData data, IStringLocalizer l)
    {
        // Markup characters are encoded; letters of every script stay as they are (č, ł, 社), readable in the source too.
        var e = HtmlEncoder.Create(UnicodeRanges.All);
        string H(string? text) => e.Encode(text ?? "");
        var state = data.State;
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{H(state.Language)}\"><head><meta charset=\"utf-8\"><title>{H(state.Title)}</title><style>{Style}{DelphiReport.Style}</style></head><body>");
        html.Append($"<h1>{H(state.Title)}</h1><p class=\"muted\">{H(l["Framework"])} {H(state.FrameworkId)} v{state.FrameworkVersion} · {state.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} · {H(l["Participants"])}: {data.Record.Participants.Count} · {H(l[$"WorkshopStatus.{state.Status}"])}</p>");
        html.Append($"<p class=\"noprint\"><button onclick=\"window.print()\">{H(l["Print / PDF"])}</button></p>");

        html.Append($"<h2>{H(l["Agenda"])}</h2><ol>");
        foreach (var activity in state.Activities)
            html.Append($"<li>{H(data.Text(activity.Definition.Title))} <span class=\"muted\">({H(l[$"ActivityKind.{activity.Definition.Kind}"])}, {H(l[$"ActivityStatus.{activity.Status}"])})</span></li>");
        html.Append("</ol>");

        foreach (var activity in state.Activities)
        {
            html.Append($"<section class=\"activity\"><h2>{H(data.Text(activity.Definition.Title))}</h2>");
            if (activity.Definition.Kind == ActivityKind.Board) Board(html, activity, data.Record.Board(activity.Id), l, H);
            else
            {
                var statistics = WorkshopTables.Statistics(data, activity);
                if (statistics.Rows.Count == 0) html.Append($"<p class=\"muted\">{H(l["No results yet."])}</p>");
                else Statistics(html, activity, statistics, l, H);
                DelphiReport.Render(html, data, activity, l, CultureInfo.CurrentCulture, H);
            }
            html.Append("</section>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>The statistics table with a bar on the main measure: dots, mean, Borda score.</summary>
    private static void Statistics(StringBuilder html, ActivityState activity, Table table, IStringLocalizer l, Func<string?, string> h)
    {
        var barColumn = activity.Definition.Kind switch
        {
            ActivityKind.DotVote => "dots",
            ActivityKind.Rating => "mean",
            ActivityKind.Ranking => "borda",
            _ => "votes",
        };
        var bar = table.Headers.ToList().IndexOf(barColumn);
        double Value(IReadOnlyList<object?> row) => bar >= 0 && row[bar] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0;
        var max = activity.Definition.Kind == ActivityKind.Rating
            ? activity.Definition.Scales.Select(s => (double)s.Max).DefaultIfEmpty(1).Max()
            : table.Rows.Select(Value).DefaultIfEmpty(0).Max();
        html.Append("<table><thead><tr>");
        foreach (var header in table.Headers) html.Append($"<th>{h(l[$"Column.{header}"])}</th>");
        html.Append("<th></th></tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append(cell is int or long or double ? $"<td class=\"num\">{h(WorkshopTables.Cell(cell))}</td>" : $"<td>{h(WorkshopTables.Cell(cell))}</td>");
            var width = max > 0 ? Math.Clamp(Value(row) / max * 100, 0, 100) : 0;
            html.Append($"<td class=\"bar\"><span style=\"width:{width.ToString("0.#", CultureInfo.InvariantCulture)}%\"></span></td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void Board(StringBuilder html, ActivityState activity, BoardState board, IStringLocalizer l, Func<string?, string> h)
    {
        var results = BoardResults.From(board);
        var votes = results.Targets.ToDictionary(t => t.Target, t => t.Votes);
        string Votes(Guid target) => votes.TryGetValue(target, out var v) && v > 0 ? $" <strong>{h(l["Column.votes"])}: {v}</strong>" : "";
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
        if (results.Targets.Any(t => t.Votes > 0))
            Statistics(html, activity,
                new Table(["rank", "target", "votes", "voters"],
                    results.Targets.Select(t => (IReadOnlyList<object?>)[t.Rank, WorkshopTables.BoardTarget(board, t.Target), t.Votes, t.Voters]).ToList()), l, h);
    }
}
