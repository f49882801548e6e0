using System.Security.Cryptography;

namespace Workshop.Grains.Workshops;

/// <summary>The 6-character codes participants type on their phones to join a workshop.</summary>
public static class JoinCodes
{
    /// <summary>Capital letters and digits without the look-alikes 0/O and 1/I/L, so a code read off a projector is typed right.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int Length = 6;

    /// <summary>A new random code; every character is drawn uniformly from <see cref="Alphabet"/> by a cryptographic generator, so codes cannot be guessed from earlier ones.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// The code as typed ("abc-def ", "ABC DEF") in its canonical form ("ABCDEF"): trimmed, uppercase, spaces and dashes dropped.
    /// Null when what is left is not <see cref="Length"/> characters of <see cref="Alphabet"/>.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (input is null) return null;
        var kept = new System.Text.StringBuilder(Length);
        foreach (var c in input)
        {
            // Phones auto-insert spaces and people copy codes shown as "ABC-DEF"; neither is part of the code.
            if (char.IsWhiteSpace(c) || c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014') continue;
            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper)) return null;
            // Stop early so a pasted essay costs nothing.
            if (kept.Length == Length) return null;
            kept.Append(upper);
        }
        return kept.Length == Length ? kept.ToString() : null;
    }
}
