using System.Text;

namespace Workshop.Grains.Workshops;

/// <summary>
/// What people type (names, notes, proposal texts), made plain before it is checked and stored: composed (NFC), without
/// control characters, bidi controls or broken surrogates, and trimmed of blanks and invisible characters at both ends.
/// Zero-width joiners inside a text stay: emoji and some scripts need them.
/// </summary>
public static class PlainText
{
    /// <summary>One line, e.g. a name or a label: line breaks and tabs become spaces.</summary>
    public static string Line(string? text) => Clean(text, keepLines: false);

    /// <summary>A text of several lines, e.g. a note: line breaks are kept as "\n", tabs become spaces.</summary>
    public static string Lines(string? text) => Clean(text, keepLines: true);

    /// <summary>Invisible characters that make a text look empty: zero-width space, non-joiner and joiner, word joiner, byte order mark.</summary>
    private static bool IsInvisible(char c) => c is >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF';

    /// <summary>The Unicode Bidi_Control characters: they reorder the text around them (e.g. to disguise a link or a name).</summary>
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static string Clean(string? text, bool keepLines)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c is '\n' or '\r' or '\t') plain.Append(keepLines && c != '\t' ? '\n' : ' ');
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) plain.Append(c).Append(text[++i]);
            else if (!char.IsControl(c) && !char.IsSurrogate(c) && !IsBidiControl(c)) plain.Append(c);
        }
        int start = 0, end = plain.Length;
        while (start < end && IsBlank(plain[start])) start++;
        while (end > start && IsBlank(plain[end - 1])) end--;
        return plain.ToString(start, end - start).Normalize(NormalizationForm.FormC);
    }

    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || IsInvisible(c);
}
