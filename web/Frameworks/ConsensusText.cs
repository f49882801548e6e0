using System.Globalization;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Frameworks;

/// <summary>An item's consensus in the reader's language, "consensus in round 2 (82 %, IQR 1)", with the culture's numbers.</summary>
public static class ConsensusText
{
    public static string Describe(ConsensusAt consensus, IStringLocalizer l, CultureInfo culture)
    {
        var figures = string.Join(", ", new[] { Percent(consensus.Share, culture), consensus.Iqr is { } iqr ? l["Stat.Iqr", Number(iqr, culture)].Value : null }.OfType<string>());
        var text = string.Format(culture, l[$"Consensus.{consensus.Status}"], consensus.Round);
        return figures.Length == 0 ? text : string.Format(culture, l["WithFigures"], text, figures);
    }

    /// <summary>The status alone ("consensus in"), e.g. for a chip or a filter.</summary>
    public static string Status(ConsensusStatus status, IStringLocalizer l) => l[$"ConsensusStatus.{status}"];

    public static string? Percent(double? share, CultureInfo culture) => share?.ToString("P0", culture);

    public static string Number(double value, CultureInfo culture) => value.ToString("0.##", culture);
}
