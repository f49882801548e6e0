using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>
/// A workshop's outcomes as an Excel workbook: a sheet per activity (raw answers, then the statistics), a sheet per Delphi round
/// of an activity with a consensus rule (the rule, the round, its items' consensus and movement, the reasons) and the participants;
/// sheet names, titles, headers and names in the export's language, numbers as numbers, shares as percentages, times as dates.
/// </summary>
public static class WorkshopXlsx
{
    /// <summary>The workbook's cell styles, in the order of the stylesheet's cell formats.</summary>
    private enum Style : uint { General, DateTime, Percent, Bold }

    private const uint DateTimeFormatId = 164;

    public static byte[] Write(WorkshopData data, ExportWords words)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet(words.Culture);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint sheetId = 1;

            void AddSheet(string wanted, SheetData sheetData)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = new Worksheet(sheetData);
                sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(wanted, names) });
            }

            foreach (var (activity, index) in data.State.Activities.Select((a, i) => (a, i)))
            {
                var sheet = new SheetData();
                Line(sheet, Style.Bold, data.Text(activity.Definition.Title), words.Kind(activity.Definition.Kind));
                Line(sheet, Style.General);
                if (activity.Definition.Kind != ActivityKind.Board)
                    AddTable(sheet, "raw_answers", WorkshopTables.RawAnswers(data, activity), data, activity, words);
                AddTable(sheet, "statistics", WorkshopTables.Statistics(data, activity), data, activity, words);
                AddSheet($"{index + 1} {data.Text(activity.Definition.Title)}", sheet);
            }
            foreach (var (activity, index) in data.State.Activities.Select((a, i) => (a, i)))
                foreach (var round in DelphiTables.Rounds(activity))
                {
                    var sheet = new SheetData();
                    var title = string.Format(words.Culture, words.Title("delphi_round"), round.Round);
                    Line(sheet, Style.Bold, data.Text(activity.Definition.Title), words.Kind(activity.Definition.Kind), title);
                    Line(sheet, Style.General);
                    AddTable(sheet, "delphi_rule", DelphiTables.Rule(activity), data, activity, words);
                    AddTable(sheet, "delphi_rounds", DelphiTables.RoundSummary([round]), data, activity, words);
                    AddTable(sheet, "delphi_items", DelphiTables.Items(data, activity, [round]), data, activity, words);
                    AddTable(sheet, "delphi_reasons", DelphiTables.Reasons(activity, [round]), data, activity, words);
                    AddSheet($"{index + 1} {title} {data.Text(activity.Definition.Title)}", sheet);
                }
            var participants = new SheetData();
            AddTable(participants, null, WorkshopTables.Participants(data), data, null, words);
            AddSheet(words.Title("participants"), participants);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A titled table: its title and headers in bold, then its rows with times as dates and shares as percentages, then a blank line.</summary>
    private static void AddTable(SheetData sheet, string? title, Table table, WorkshopData data, ActivityState? activity, ExportWords words)
    {
        if (title is not null) Line(sheet, Style.Bold, words.Title(title));
        Line(sheet, Style.Bold, [.. table.Headers.Select(h => words.Header(h, data.State))]);
        foreach (var row in table.Rows)
        {
            var xmlRow = sheet.AppendChild(new Row { RowIndex = (uint)sheet.ChildElements.Count + 1 });
            foreach (var (value, column) in row.Select((v, c) => (v, table.Headers[c])))
                xmlRow.AppendChild(Cell(words.Cell(column, value, data, activity), words, WorkshopTables.Shares.Contains(column) ? Style.Percent : Style.General));
        }
        if (title is not null) Line(sheet, Style.General);
    }

    private static void Line(SheetData sheet, Style style, params object?[] values)
    {
        var row = sheet.AppendChild(new Row { RowIndex = (uint)sheet.ChildElements.Count + 1 });
        foreach (var value in values) row.AppendChild(Cell(value, null, style));
    }

    private static Cell Cell(object? value, ExportWords? words, Style style) => value switch
    {
        null => new Cell(),
        DateTimeOffset at when words is not null => new Cell { CellValue = new CellValue(words.Local(at).ToOADate().ToString("R", CultureInfo.InvariantCulture)), StyleIndex = (uint)Style.DateTime },
        int or long or double or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(WorkshopTables.Cell(value)), StyleIndex = style == Style.Percent ? (UInt32Value)(uint)style : null },
        _ => new Cell
        {
            DataType = CellValues.InlineString, StyleIndex = style == Style.Bold ? (UInt32Value)(uint)style : null,
            InlineString = new InlineString(new Text(Clean(FormulaGuard.Neutralise(WorkshopTables.Cell(value)))) { Space = SpaceProcessingModeValues.Preserve }),
        },
    };

    /// <summary>General, the language's date and time, a percentage (0.00%), bold; the fills and border every stylesheet needs.</summary>
    private static Stylesheet Stylesheet(CultureInfo culture) => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = DateTimeFormat(culture) }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = DateTimeFormatId, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 4 });

    /// <summary>
    /// The language's short date and long time (e.g. "d. MM. yyyy HH:mm:ss" in Slovenian) as a spreadsheet number format:
    /// the same letters in lower case (a spreadsheet reads m as minutes next to h or s, else as the month),
    /// AM/PM for tt, every other character a literal.
    /// </summary>
    public static string DateTimeFormat(CultureInfo culture)
    {
        var pattern = $"{culture.DateTimeFormat.ShortDatePattern} {culture.DateTimeFormat.LongTimePattern}";
        var format = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is '\'' or '"') quoted = !quoted;
            else if (quoted || !"dMyHhmst\\".Contains(c)) format.Append('\\').Append(c);
            else if (c == '\\' && i + 1 < pattern.Length) format.Append('\\').Append(pattern[++i]);
            else if (c != 't') format.Append(char.ToLowerInvariant(c));
            else if (i == 0 || pattern[i - 1] != 't') format.Append("AM/PM");
        }
        return format.ToString();
    }

    /// <summary>XML 1.0 cannot hold most control characters.</summary>
    private static string Clean(string text) => new(text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ').ToArray());

    /// <summary>At most 31 characters, none of []:*?/\, not starting or ending with an apostrophe, unique in the workbook.</summary>
    public static string SheetName(string wanted, HashSet<string> taken)
    {
        var name = new string(wanted.Select(c => "[]:*?/\\".Contains(c) || char.IsControl(c) ? ' ' : c).ToArray()).Trim().Trim('\'').Trim();
        if (name.Length == 0) name = "Sheet";
        if (name.Length > 31) name = name[..31].TrimEnd();
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }
        return candidate;
    }
}
