using System.Globalization;

namespace Workshop.Web.Exports;

/// <summary>
/// The one rule every export (framework CSV, workshop CSV, XLSX) applies to text, so that a spreadsheet never runs
/// what a participant or an imported file wrote: a text that starts with =, +, -, @, a tab or a carriage return
/// (and is not a number such as -3) gets a leading apostrophe, which spreadsheets show as plain text.
/// </summary>
/// <remarks>
/// Reading a CSV back (the framework import) undoes it with <see cref="Restore"/>: one leading apostrophe is dropped
/// when what follows would be guarded, so an exported "'=SUM(A1)" imports as "=SUM(A1)" again. Texts that already
/// start with apostrophes before such a character get one more on export, so every text survives the round trip.
/// </remarks>
public static class FormulaGuard
{
    private const string Triggers = "=+-@\t\r";

    public static string Neutralise(string value) => NeedsGuard(value) ? "'" + value : value;

    public static string Restore(string value) => value.Length > 1 && value[0] == '\'' && NeedsGuard(value[1..]) ? value[1..] : value;

    /// <summary>True when, after any apostrophes, the text starts like a formula and is not a number.</summary>
    private static bool NeedsGuard(string value)
    {
        var text = value.TrimStart('\'');
        return text.Length > 0 && Triggers.Contains(text[0])
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
