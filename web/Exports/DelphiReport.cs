using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;

namespace Workshop.Web.Exports;

/// <summary>
/// The report's Delphi section of an activity with a consensus rule, as a research paper cites it: the rule as set before
/// round 1, participants and response rate per round, and per item its status and figures per round, a chart and the reasons.
/// Figures are in the reader's culture; the charts' coordinates are invariant.
/// </summary>
public static class DelphiReport
{
    public const string Style = """
        .delphi h3{margin:1.2rem 0 .3rem} .delphi .rule{margin:.3rem 0}
        .delphi-item{break-inside:avoid;margin:.8rem 0 1.2rem;display:grid;grid-template-columns:minmax(0,1fr) 230px;gap:.2rem 1rem}
        .delphi-item h4{grid-column:1/-1;margin:0} .delphi-item table{margin:0} .delphi-item ul{grid-column:1/-1;margin:.2rem 0}
        .st-in{color:#14532d;font-weight:600} .st-out{color:#7c2d12;font-weight:600}
        svg.trend{width:230px;height:110px} svg.trend text{font-size:10px;fill:#444} svg.trend .limit{stroke:#b45309;stroke-dasharray:4 3}
        svg.trend .axis{stroke:#999} svg.trend polyline{fill:none;stroke-width:2}
        """;

    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73"];

    public static void Render(StringBuilder html, WorkshopData data, ActivityState activity, IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        if (activity.Definition.Consensus is not { } rule) return;
        var rounds = DelphiTables.Rounds(activity);
        html.Append($"<div class=\"delphi\" data-delphi=\"{activity.Id}\"><h3>{h(l["Delphi rounds"])}</h3>");
        html.Append($"<p class=\"rule\"><strong>{h(l["Consensus rule, set before round 1"])}:</strong> {h(RuleText(rule, activity.Definition.Kind, l, culture))}</p>");
        if (rounds.Count == 0)
        {
            html.Append($"<p class=\"muted\">{h(l["No round has closed yet."])}</p></div>");
            return;
        }
        html.Append($"<p>{h(string.Format(culture, l["Rounds: {0}."], rounds.Count))}</p>");
        RoundTable(html, rounds, l, culture, h);
        var charted = rule.MaxIqr is null ? l["Agreement by round"] : l["IQR by round"];
        foreach (var item in activity.Items.Where(i => rounds.Any(r => r.Consensus.Any(c => c.Item == i.Id))))
        {
            html.Append($"<section class=\"delphi-item\" data-item=\"{h(item.Code)}\"><h4>{h(item.Code)} {h(data.Text(item.Labels))}</h4>");
            var scales = rounds.SelectMany(r => r.Consensus).Where(c => c.Item == item.Id).Select(c => c.Scale).Distinct().ToList();
            ItemTable(html, data, activity, item.Id, rounds, scales.Count > 1, l, culture, h);
            html.Append(Chart(data, activity, item.Id, rounds, scales, rule, $"{item.Code}: {charted}", l, culture));
            var reasons = rounds.SelectMany(r => r.Reasons.Where(x => x.Item == item.Id).Select(x => (r.Round, x.Text))).ToList();
            if (reasons.Count > 0)
            {
                html.Append($"<ul class=\"reasons\" aria-label=\"{h(l["Reasons"])}\">");
                foreach (var (round, text) in reasons) html.Append($"<li><span class=\"muted\">{h(string.Format(culture, l["Round {0}"], round))}:</span> „{h(text)}“</li>");
                html.Append("</ul>");
            }
            html.Append("</section>");
        }
        html.Append("</div>");
    }

    /// <summary>"agreement at least 75 % (top two points of the scale), IQR at most 1, at least 5 answers; stable when under 15 % of answers moved by more than one point"</summary>
    public static string RuleText(ConsensusRule rule, ActivityKind kind, IStringLocalizer l, CultureInfo culture)
    {
        var ranking = kind == ActivityKind.Ranking;
        var agreementText = ranking ? "agreement at least {0} (ranked in the top two places)" : "agreement at least {0} (top two points of the scale)";
        var stableText = ranking ? "stable when under {0} of answers moved by more than one place" : "stable when under {0} of answers moved by more than one point";
        var parts = new[]
        {
            rule.MinAgreement is { } agreement ? string.Format(culture, l[agreementText], Percent(agreement, culture)) : null,
            rule.MaxIqr is { } iqr ? string.Format(culture, l["IQR at most {0}"], ConsensusText.Number(iqr, culture)) : null,
            string.Format(culture, l["at least {0} answers"], rule.MinN),
        };
        return $"{string.Join(", ", parts.OfType<string>())}; {string.Format(culture, l[stableText], Percent(rule.StableBelow, culture))}";
    }

    private static void RoundTable(StringBuilder html, IReadOnlyList<DelphiRound> rounds, IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        html.Append("<table class=\"delphi-rounds\"><thead><tr>");
        foreach (var header in new[] { "Column.round", "Column.items", "Column.participants", "Column.respondents", "Column.response_rate", "Column.moved_share", "Column.stable" })
            html.Append($"<th>{h(l[header])}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var round in rounds)
        {
            var stable = round.Stability is { } s ? h(l[s.Stable ? "yes" : "no"]) : "";
            html.Append($"<tr><td class=\"num\">{round.Round}</td><td class=\"num\">{round.Items.Count}</td><td class=\"num\">{round.Participants}</td><td class=\"num\">{round.Respondents}</td>"
                + $"<td class=\"num\">{h(Percent(DelphiTables.ResponseRate(round), culture))}</td><td class=\"num\">{h(Percent(round.Stability?.MovedShare, culture))}</td><td>{stable}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void ItemTable(StringBuilder html, WorkshopData data, ActivityState activity, Guid item, IReadOnlyList<DelphiRound> rounds, bool withScale,
        IStringLocalizer l, CultureInfo culture, Func<string?, string> h)
    {
        string[] headers = ["Column.round", .. withScale ? ["Column.scale"] : Array.Empty<string>(), "Column.status", "Column.n", "Column.agreement", "Column.median", "Column.iqr", "Column.moved_share"];
        html.Append("<table><thead><tr>");
        foreach (var header in headers) html.Append($"<th>{h(l[header])}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var round in rounds)
            foreach (var c in DelphiTables.Ordered(activity, round.Consensus.Where(c => c.Item == item)))
            {
                var scale = withScale ? $"<td>{h(WorkshopReport.ScaleName(data, activity, c.Scale, l, culture))}</td>" : "";
                html.Append($"<tr><td class=\"num\">{round.Round}</td>{scale}<td class=\"st-{ConsensusAt.CodeOf(c.Status)}\">{h(ConsensusText.Status(c.Status, l))}</td><td class=\"num\">{c.N}</td>"
                    + $"<td class=\"num\">{h(Percent(c.Status == ConsensusStatus.Out ? c.Disagreement : c.Agreement, culture))}{(c.Status == ConsensusStatus.Out ? $" ({h(l["against"])})" : "")}</td>"
                    + $"<td class=\"num\">{h(Number(c.Median, culture))}</td><td class=\"num\">{h(Number(c.Iqr, culture))}</td><td class=\"num\">{h(Percent(DelphiTables.Moved(round, c)?.MovedShare, culture))}</td></tr>");
            }
        html.Append("</tbody></table>");
    }

    /// <summary>
    /// The item's IQR by round (agreement when the rule has no IQR limit), one line per scale, with the rule's limit dashed:
    /// a small multiple, so every item's chart has the same axes.
    /// </summary>
    public static string Chart(WorkshopData data, ActivityState activity, Guid item, IReadOnlyList<DelphiRound> rounds, IReadOnlyList<string> scales, ConsensusRule rule, string title, IStringLocalizer l, CultureInfo culture)
    {
        const double left = 28, top = 8, width = 190, height = 76;
        var iqr = rule.MaxIqr is not null;
        var max = iqr ? IqrRange(activity.Definition) : 1;
        var last = rounds.Max(r => r.Round);
        string X(int round) => F(left + (last == 1 ? width / 2 : (round - 1) * width / (last - 1)));
        string Y(double value) => F(top + height - Math.Clamp(value / max, 0, 1) * height);
        string Label(double value) => iqr ? value.ToString("0.##", culture) : value.ToString("P0", culture);
        var svg = new StringBuilder($"<svg class=\"trend\" viewBox=\"0 0 230 110\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\"><title>{WebUtility.HtmlEncode(title)}</title>");
        svg.Append($"<line class=\"axis\" x1=\"{F(left)}\" y1=\"{Y(0)}\" x2=\"{F(left + width)}\" y2=\"{Y(0)}\"/><line class=\"axis\" x1=\"{F(left)}\" y1=\"{Y(max)}\" x2=\"{F(left)}\" y2=\"{Y(0)}\"/>");
        svg.Append($"<text x=\"{F(left - 4)}\" y=\"{Y(0)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Label(0)}</text><text x=\"{F(left - 4)}\" y=\"{Y(max)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Label(max)}</text>");
        if ((iqr ? rule.MaxIqr : rule.MinAgreement) is { } limit)
            svg.Append($"<line class=\"limit\" x1=\"{F(left)}\" y1=\"{Y(limit)}\" x2=\"{F(left + width)}\" y2=\"{Y(limit)}\"/>");
        svg.Append($"<text x=\"{F(left + 4)}\" y=\"{F(top + 2)}\">{(iqr ? "IQR" : "%")}</text>");
        if (scales.Count > 1)
            foreach (var (scale, index) in scales.Select((s, i) => (s, i)))
                svg.Append($"<text x=\"{F(left + width)}\" y=\"{F(top + 2 + index * 11)}\" text-anchor=\"end\" fill=\"{Colours[index % Colours.Length]}\">{WebUtility.HtmlEncode(WorkshopReport.ScaleName(data, activity, scale, l, culture))}</text>");
        for (var round = 1; round <= last; round++)
            svg.Append($"<text x=\"{X(round)}\" y=\"{F(top + height + 14)}\" text-anchor=\"middle\">{round}</text>");
        foreach (var (scale, index) in scales.Select((s, i) => (s, i)))
        {
            var points = rounds.Select(r => (r.Round, Value: r.Consensus.Find(c => c.Item == item && c.Scale == scale) is { } c ? (iqr ? c.Iqr : c.Agreement) : null))
                .Where(p => p.Value.HasValue).ToList();
            var colour = Colours[index % Colours.Length];
            svg.Append($"<polyline data-scale=\"{WebUtility.HtmlEncode(scale)}\" stroke=\"{colour}\" points=\"{string.Join(" ", points.Select(p => $"{X(p.Round)},{Y(p.Value!.Value)}"))}\"/>");
            foreach (var (round, value) in points)
                svg.Append($"<circle cx=\"{X(round)}\" cy=\"{Y(value!.Value)}\" r=\"3\" fill=\"{colour}\"><title>{round}: {Label(value.Value)}</title></circle>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The widest IQR an item can have: the scale's span (the widest of a rating's scales), a ranking's places.</summary>
    private static double IqrRange(ActivityDefinition definition) =>
        definition.Kind == ActivityKind.Ranking ? Math.Max(1, definition.RankTop) : definition.Scales.Select(s => s.Max - s.Min).DefaultIfEmpty(4).Max();

    public static string Percent(double? share, CultureInfo culture) => ConsensusText.Percent(share, culture) ?? "";

    private static string Number(double? value, CultureInfo culture) => value is { } v ? ConsensusText.Number(v, culture) : "";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
