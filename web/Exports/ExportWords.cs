using System.Globalization;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;

namespace Workshop.Web.Exports;

/// <summary>
/// The one place where an export's keys become words: headers, section and sheet titles and the names in cells (measures,
/// scales, consensus statuses, yes/no, what a board voted on, activity kinds) in the export's language, or, with
/// <c>keys</c>, the stable English machine keys unchanged; and the time zone its times are shown in.
/// The texts are looked up in the current UI culture, which the endpoint sets to <see cref="Culture"/>.
/// </summary>
public sealed class ExportWords(IStringLocalizer l, CultureInfo culture, TimeZoneInfo zone, bool keys = false)
{
    /// <summary>Columns that hold a moment in time.</summary>
    private static readonly HashSet<string> TimeColumns = ["time", "joined_at", "at"];

    public CultureInfo Culture => culture;

    public TimeZoneInfo Zone => zone;

    /// <summary>The culture of an interface language: Simplified Chinese reads the zh resources through zh-Hans.</summary>
    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(language == "zh" ? "zh-Hans" : language);

    /// <summary>The zone an IANA name (e.g. Europe/Ljubljana) stands for; null when the server knows no such zone.</summary>
    public static TimeZoneInfo? ZoneOf(string name) =>
        name.Length > 0 && !name.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;

    /// <summary>A section of a CSV file or a workbook sheet: "statistics", "delphi_rule", …</summary>
    public string Title(string key) => keys ? key : l[$"Export.{key}"];

    /// <summary>A column's header; a segment's column is headed by its question, a time's column names the zone.</summary>
    public string Header(string key, WorkshopState workshop)
    {
        if (keys) return key;
        if (key.StartsWith("segment_", StringComparison.Ordinal))
            return workshop.SegmentQuestions.Find(q => q.Key == key[8..]) is { } question
                ? LocalizedText.Pick(question.Labels, culture.TwoLetterISOLanguageName, workshop.Language) : key[8..];
        return TimeColumns.Contains(key) ? $"{l[$"Column.{key}"]} ({zone.Id})" : l[$"Column.{key}"];
    }

    /// <summary>A cell of <paramref name="column"/>: a name in words; numbers, times and people's texts as they are.</summary>
    public object? Cell(string column, object? value, WorkshopData data, ActivityState? activity) => keys || value is not string key ? value : column switch
    {
        "measure" when key is "dots" or "rank" => l[$"Column.{key}"].Value,
        "measure" when key == "withdrawn" => l["Export.withdrawn"].Value,
        "measure" or "scale" when activity is not null => WorkshopReport.ScaleName(data, activity, key, l, culture),
        "status" => ConsensusText.Status(Enum.GetValues<ConsensusStatus>().First(s => ConsensusAt.CodeOf(s) == key), l),
        "stable" => l[key].Value,
        "on" when key is "notes" or "clusters" => l[$"Export.{key}"].Value,
        _ => value,
    };

    public string Kind(ActivityKind kind) => keys ? kind.ToString() : l[$"ActivityKind.{kind}"];

    /// <summary>The wall-clock time of <paramref name="at"/> in the export's zone.</summary>
    public DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    /// <summary>
    /// A cell as CSV text: numbers invariant (a comma separates the fields); a time as ISO 8601 with its offset for scripts
    /// (UTC as "…Z", as always), or as "2026-05-04 14:05:00" in the zone the header names, which every spreadsheet reads as a date.
    /// </summary>
    public string Text(object? value) => value switch
    {
        DateTimeOffset at when keys => zone.HasSameRules(TimeZoneInfo.Utc) ? at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) : TimeZoneInfo.ConvertTime(at, zone).ToString("o", CultureInfo.InvariantCulture),
        DateTimeOffset at => Local(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => WorkshopTables.Cell(value),
    };
}
