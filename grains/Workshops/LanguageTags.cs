using System.Globalization;
using System.Text.RegularExpressions;

namespace Workshop.Grains.Workshops;

/// <summary>A language key is a short BCP-47 tag of a language the server knows, such as sl, en or pt-BR; kept lowercase, like framework labels.</summary>
public static partial class LanguageTags
{
    /// <summary>The key in its normal form ("pt-br"), or null when it is not a known language.</summary>
    public static string? Normalize(string? tag)
    {
        var key = tag?.Trim() ?? "";
        if (!Shape().IsMatch(key)) return null;
        try
        {
            CultureInfo.GetCultureInfo(key, predefinedOnly: true);
            return key.ToLowerInvariant();
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A language (2 or 3 letters) with at most two subtags: script or region (sr-Latn-RS, pt-BR).</summary>
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex Shape();
}
