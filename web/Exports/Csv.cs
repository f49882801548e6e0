using System.Text;

namespace Workshop.Web.Exports;

/// <summary>Minimal RFC 4180 CSV: writing with quotes where needed, reading records with the line each starts on.</summary>
public static class Csv
{
    /// <summary>UTF-8 with a byte-order mark, so that Excel reads č, š and ž.</summary>
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>One field, guarded against formulas (<see cref="FormulaGuard"/>) and quoted where needed.</summary>
    public static string Field(string? value)
    {
        value = FormulaGuard.Neutralise(value ?? "");
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public static void WriteRow(StringBuilder text, IEnumerable<string?> fields) =>
        text.Append(string.Join(",", fields.Select(Field))).Append("\r\n");

    public static byte[] ToBytes(StringBuilder text) => [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(text.ToString())];

    /// <summary>
    /// The records of <paramref name="text"/>, each with its 1-based starting line; blank lines are skipped.
    /// A quote that is never closed throws <see cref="FrameworkCsvException"/> with the line where it opened.
    /// </summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, quoteLine = 0, i = 0;
        var quoted = false;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false; i++; continue;
                }
                if (c == '\n') line++;
                field.Append(c); i++; continue;
            }
            switch (c)
            {
                case '"': quoted = true; quoteLine = line; any = true; i++; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; i++; break;
                case '\r': i++; break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return (recordLine, fields.ToList());
                    }
                    fields.Clear(); field.Clear(); any = false;
                    line++; recordLine = line; i++;
                    break;
                default: field.Append(c); any = true; i++; break;
            }
        }
        if (quoted)
            throw new FrameworkCsvException([new CsvError(quoteLine, "A quoted field starts here but its closing quote (\") is missing.")]);
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields.ToList());
        }
    }
}
