using System.Globalization;
using System.Text;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Frameworks;

/// <summary>Ids for imported frameworks: a readable slug of the title, made unique.</summary>
public static class FrameworkIds
{
    public const int MaxSlugLength = 60;

    /// <summary>Letters that Unicode does not decompose into a base letter and a mark ("Łódź" → "lodz").</summary>
    private static readonly Dictionary<char, string> Undecomposed = new()
    {
        ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d", ['ø'] = "o", ['Ø'] = "o",
        ['ß'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe", ['ı'] = "i",
    };

    /// <summary>Lowercase ASCII letters and digits joined by hyphens ("Mreža č" → "mreza-c"), at most 60 characters.</summary>
    public static string Slug(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) text.Append(char.ToLowerInvariant(c));
            else if (Undecomposed.TryGetValue(c, out var ascii)) text.Append(ascii);
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
        }
        var slug = text.ToString().Trim('-');
        if (slug.Length > MaxSlugLength) slug = slug[..MaxSlugLength].Trim('-');
        return slug.Length == 0 ? "framework" : slug;
    }

    /// <summary>Imports under the definition's id, or the first free "id-2", "id-3", …; returns the id used.</summary>
    public static async Task<string> ImportAsNew(IGrainFactory grains, FrameworkDefinition definition)
    {
        for (var n = 1; ; n++)
        {
            var id = n == 1 ? definition.Id : $"{definition.Id}-{n}";
            if (await grains.GetGrain<IFrameworkGrain>(id).ImportIfAbsent(definition with { Id = id })) return id;
        }
    }
}
