using System.Collections.Immutable;
using System.Text;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>
/// A workshop's tables as CSV files, worded by <see cref="ExportWords"/>: an activity's answers, then its statistics and its
/// Delphi sections, each under a title line; the timeline.
/// </summary>
public static class WorkshopCsv
{
    public static byte[] Activity(WorkshopData data, ActivityState activity, ExportWords words)
    {
        var text = new StringBuilder();
        Write(text, WorkshopTables.RawAnswers(data, activity), data, activity, words);
        var sections = new List<(string Title, Table Table)> { ("statistics", WorkshopTables.Statistics(data, activity)) };
        if (DelphiTables.Rounds(activity) is { Count: > 0 } rounds)
            sections.AddRange([("delphi_rule", DelphiTables.Rule(activity)), ("delphi_rounds", DelphiTables.RoundSummary(rounds)),
                ("delphi_items", DelphiTables.Items(data, activity, rounds)), ("delphi_reasons", DelphiTables.Reasons(activity, rounds))]);
        foreach (var (title, table) in sections)
        {
            text.Append("\r\n");
            Csv.WriteRow(text, [words.Title(title)]);
            Write(text, table, data, activity, words);
        }
        return Csv.ToBytes(text);
    }

    public static byte[] Timeline(WorkshopRecord record, ExportWords words)
    {
        var text = new StringBuilder();
        // The timeline needs no answers.
        Write(text, WorkshopTables.Timeline(record), new WorkshopData(record, ImmutableDictionary<Guid, ImmutableList<AnswerRecord>>.Empty), null, words);
        return Csv.ToBytes(text);
    }

    private static void Write(StringBuilder text, Table table, WorkshopData data, ActivityState? activity, ExportWords words)
    {
        Csv.WriteRow(text, table.Headers.Select(h => words.Header(h, data.State)));
        foreach (var row in table.Rows)
            Csv.WriteRow(text, row.Select((value, column) => words.Text(words.Cell(table.Headers[column], value, data, activity))));
    }
}
