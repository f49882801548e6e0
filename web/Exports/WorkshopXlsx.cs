using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>
/// A workshop's outcomes as an Excel workbook: a sheet per activity (raw answers, then the statistics), a sheet per Delphi round
/// of an activity with a consensus rule (the rule, the round, its items' consensus and movement, the reasons) and "Participants".
/// </summary>
public static class WorkshopXlsx
{
    public static byte[] Write(WorkshopData data)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint sheetId = 1;

            void AddSheet(string wanted, IEnumerable<IReadOnlyList<object?>> rows)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var sheetData = new SheetData();
                uint r = 1;
                foreach (var row in rows)
                {
                    var xmlRow = new Row { RowIndex = r++ };
                    foreach (var value in row) xmlRow.AppendChild(Cell(value));
                    sheetData.AppendChild(xmlRow);
                }
                part.Worksheet = new Worksheet(sheetData);
                sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(wanted, names) });
            }

            foreach (var (activity, index) in data.State.Activities.Select((a, i) => (a, i)))
            {
                var raw = WorkshopTables.RawAnswers(data, activity);
                var statistics = WorkshopTables.Statistics(data, activity);
                List<IReadOnlyList<object?>> rows = [[data.Text(activity.Definition.Title), activity.Definition.Kind.ToString()], []];
                if (activity.Definition.Kind != ActivityKind.Board)
                {
                    rows.Add(["Raw answers"]);
                    rows.Add([.. raw.Headers]);
                    rows.AddRange(raw.Rows);
                    rows.Add([]);
                }
                rows.Add(["Statistics"]);
                rows.Add([.. statistics.Headers]);
                rows.AddRange(statistics.Rows);
                AddSheet($"{index + 1} {data.Text(activity.Definition.Title)}", rows);
            }
            foreach (var (activity, index) in data.State.Activities.Select((a, i) => (a, i)))
                foreach (var round in DelphiTables.Rounds(activity))
                {
                    List<IReadOnlyList<object?>> rows = [[data.Text(activity.Definition.Title), activity.Definition.Kind.ToString(), "Delphi round", round.Round], []];
                    foreach (var (title, table) in new[]
                    {
                        ("Consensus rule", DelphiTables.Rule(activity)), ("Round", DelphiTables.RoundSummary([round])),
                        ("Items", DelphiTables.Items(data, activity, [round])), ("Reasons", DelphiTables.Reasons(activity, [round])),
                    })
                    {
                        rows.Add([title]);
                        rows.Add([.. table.Headers]);
                        rows.AddRange(table.Rows);
                        rows.Add([]);
                    }
                    AddSheet($"{index + 1} Delphi round {round.Round} {data.Text(activity.Definition.Title)}", rows);
                }
            var participants = WorkshopTables.Participants(data);
            AddSheet("Participants", [[.. participants.Headers], .. participants.Rows]);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Cell Cell(object? value) => value switch
    {
        null => new Cell(),
        int or long or double or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(WorkshopTables.Cell(value)) },
        _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Clean(FormulaGuard.Neutralise(WorkshopTables.Cell(value)))) { Space = SpaceProcessingModeValues.Preserve }) },
    };

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
