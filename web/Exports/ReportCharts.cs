using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Workshop.Web.Exports;

/// <summary>One bar of a bar chart: the item's code and label, its value and the figure printed beside it.</summary>
public sealed record ChartBar(string Label, double Value, string Figure);

/// <summary>One item's answers on one scale: how many gave each point, lowest first.</summary>
public sealed record ChartDistribution(string Label, IReadOnlyList<int> Histogram);

/// <summary>One item on the matrix: its code, its mean on the horizontal and on the vertical scale.</summary>
public sealed record ChartPoint(string Code, double X, double Y);

/// <summary>
/// The report's charts as inline SVG, sized in millimetres-like units for A4 and drawn the same in every language:
/// coordinates are invariant, texts are the caller's (already in the reader's language and culture).
/// </summary>
public static class ReportCharts
{
    public const string Style = """
        svg.chart{display:block;width:100%;max-width:170mm;height:auto;margin:.3rem 0 .8rem;break-inside:avoid}
        svg.chart text{font-size:11px;fill:#222} svg.chart .bar{fill:#2f6db5} svg.chart .track{fill:#eef2f8} svg.chart .axis{stroke:#888}
        svg.chart .grid{stroke:#bbb;stroke-dasharray:3 3} svg.chart .dot{fill:#2f6db5} svg.chart .muted{fill:#666}
        svg.chart rect,svg.chart circle{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        """;

    private const double Width = 640, LabelWidth = 250, RowHeight = 20, FigureWidth = 90;

    /// <summary>A blue ramp from the lowest to the highest point, readable in grey print and by colour-blind readers.</summary>
    private static readonly string[] Ramp = ["#deebf7", "#b5d3ea", "#7fb2d8", "#3f84c0", "#0b4f93"];

    /// <summary>Horizontal bars scaled to the largest value, the figure at each bar's end (dot votes, Borda scores, board votes).</summary>
    public static string Bars(IReadOnlyList<ChartBar> bars, string title)
    {
        var max = bars.Select(b => b.Value).DefaultIfEmpty(0).Max();
        var span = Width - LabelWidth - FigureWidth;
        var svg = Open(title, bars.Count * RowHeight + 4);
        foreach (var (bar, row) in bars.Select((b, i) => (b, i)))
        {
            var y = 2 + row * RowHeight;
            var length = max > 0 ? Math.Max(0, bar.Value) / max * span : 0;
            svg.Append($"<text x=\"{F(LabelWidth - 6)}\" y=\"{F(y + 13)}\" text-anchor=\"end\">{Text(Fit(bar.Label))}</text>");
            svg.Append($"<rect class=\"track\" x=\"{F(LabelWidth)}\" y=\"{F(y + 3)}\" width=\"{F(span)}\" height=\"14\"/>");
            svg.Append($"<rect class=\"bar\" x=\"{F(LabelWidth)}\" y=\"{F(y + 3)}\" width=\"{F(length)}\" height=\"14\"/>");
            svg.Append($"<text x=\"{F(LabelWidth + length + 4)}\" y=\"{F(y + 14)}\">{Text(bar.Figure)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Per item a bar of 100 % split into the scale's points (lowest left, lightest), with a legend of the points:
    /// how the answers spread, which a mean hides.
    /// </summary>
    public static string Distribution(IReadOnlyList<ChartDistribution> items, int min, int max, string title, string legend)
    {
        var points = max - min + 1;
        var span = Width - LabelWidth - 10;
        var svg = Open(title, (items.Count + 1) * RowHeight + 4);
        svg.Append($"<text x=\"{F(LabelWidth - 6)}\" y=\"14\" text-anchor=\"end\" class=\"muted\">{Text(Fit(legend))}</text>");
        for (var point = 0; point < points; point++)
        {
            var x = LabelWidth + point * span / points;
            svg.Append($"<rect x=\"{F(x)}\" y=\"3\" width=\"14\" height=\"14\" fill=\"{Colour(point, points)}\"/><text x=\"{F(x + 18)}\" y=\"14\">{min + point}</text>");
        }
        foreach (var (item, row) in items.Select((d, i) => (d, i + 1)))
        {
            var y = 2 + row * RowHeight;
            var n = item.Histogram.Sum();
            svg.Append($"<text x=\"{F(LabelWidth - 6)}\" y=\"{F(y + 13)}\" text-anchor=\"end\">{Text(Fit(item.Label))}</text>");
            svg.Append($"<rect class=\"track\" x=\"{F(LabelWidth)}\" y=\"{F(y + 3)}\" width=\"{F(span)}\" height=\"14\"/>");
            var x = LabelWidth;
            foreach (var (count, point) in item.Histogram.Select((c, i) => (c, i)).Where(p => p.c > 0))
            {
                var length = (double)count / n * span;
                svg.Append($"<rect x=\"{F(x)}\" y=\"{F(y + 3)}\" width=\"{F(length)}\" height=\"14\" fill=\"{Colour(point, points)}\"><title>{min + point}: {count}</title></rect>");
                if (length >= 16)
                    svg.Append($"<text x=\"{F(x + length / 2)}\" y=\"{F(y + 14)}\" text-anchor=\"middle\" fill=\"{(point * 2 >= points ? "#fff" : "#222")}\">{count}</text>");
                x += length;
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// The importance × development matrix: each item's mean on both scales, the scales' midpoints dashed, so the
    /// quadrant "important and in need of development" is the top right.
    /// </summary>
    public static string Matrix(IReadOnlyList<ChartPoint> points, (int Min, int Max) x, (int Min, int Max) y, string xLabel, string yLabel, string title, CultureInfo culture)
    {
        const double left = 60, top = 18, size = 320;
        double Xv(double value) => left + (value - x.Min) / Math.Max(1, x.Max - x.Min) * size;
        double Yv(double value) => top + size - (value - y.Min) / Math.Max(1, y.Max - y.Min) * size;
        string X(double value) => F(Xv(value));
        string Y(double value) => F(Yv(value));
        var svg = new StringBuilder($"<svg class=\"chart matrix\" viewBox=\"0 0 {F(left + size + 20)} {F(top + size + 44)}\" style=\"max-width:110mm\" role=\"img\" aria-label=\"{Text(title)}\"><title>{Text(title)}</title>");
        svg.Append($"<rect class=\"track\" x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(size)}\" height=\"{F(size)}\"/>");
        svg.Append($"<line class=\"grid\" x1=\"{X((x.Min + x.Max) / 2.0)}\" y1=\"{F(top)}\" x2=\"{X((x.Min + x.Max) / 2.0)}\" y2=\"{F(top + size)}\"/>");
        svg.Append($"<line class=\"grid\" x1=\"{F(left)}\" y1=\"{Y((y.Min + y.Max) / 2.0)}\" x2=\"{F(left + size)}\" y2=\"{Y((y.Min + y.Max) / 2.0)}\"/>");
        for (var v = x.Min; v <= x.Max; v++) svg.Append($"<text x=\"{X(v)}\" y=\"{F(top + size + 14)}\" text-anchor=\"middle\">{v}</text>");
        for (var v = y.Min; v <= y.Max; v++) svg.Append($"<text x=\"{F(left - 6)}\" y=\"{Y(v)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{v}</text>");
        svg.Append($"<text x=\"{F(left + size / 2)}\" y=\"{F(top + size + 34)}\" text-anchor=\"middle\">{Text(xLabel)}</text>");
        svg.Append($"<text transform=\"translate(18 {F(top + size / 2)}) rotate(-90)\" text-anchor=\"middle\">{Text(yLabel)}</text>");
        // Items at the same place share one dot and one label, so that codes never print over each other.
        foreach (var place in points.GroupBy(p => (p.X, p.Y)))
        {
            var codes = Text(string.Join(", ", place.Select(p => p.Code)));
            svg.Append($"<circle class=\"dot\" cx=\"{X(place.Key.X)}\" cy=\"{Y(place.Key.Y)}\" r=\"4\"><title>{codes}: {place.Key.X.ToString("0.##", culture)} × {place.Key.Y.ToString("0.##", culture)}</title></circle>");
            svg.Append($"<text x=\"{F(Xv(place.Key.X) + 6)}\" y=\"{F(Yv(place.Key.Y) - 5)}\">{codes}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, double height) =>
        new($"<svg class=\"chart\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-label=\"{Text(title)}\"><title>{Text(title)}</title>");

    private static string Colour(int point, int points) => Ramp[points <= 1 ? Ramp.Length - 1 : (int)Math.Round(point * (Ramp.Length - 1.0) / (points - 1))];

    /// <summary>
    /// SVG text does not wrap: a label wider than its column is cut with an ellipsis (the table below the chart has it whole);
    /// a CJK character is about two Latin letters wide.
    /// </summary>
    public static string Fit(string label, int room = 42)
    {
        var used = 0;
        for (var i = 0; i < label.Length; i++)
        {
            used += label[i] >= '\u2E80' ? 2 : 1;
            if (used > room) return label[..Math.Max(0, i - 1)].TrimEnd() + "…";
        }
        return label;
    }

    /// <summary>Markup characters encoded, letters of every script (č, ł, 社) and signs such as · left as they are.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Text(string text) => Encoder.Encode(text);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
