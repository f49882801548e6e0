namespace Workshop.Web.Localization;

/// <summary>CLDR's plural categories; a language uses some of them for whole numbers (English one/other, Polish one/few/many).</summary>
public enum PluralCategory { One, Two, Few, Many, Other }

/// <summary>
/// CLDR's cardinal plural rules for whole counts in the interface languages (unicode.org/cldr/charts, "Language Plural Rules"):
/// which form of "{0} answers" a count takes. Texts with a count have one resx key per category, e.g. "Answers.few".
/// </summary>
public static class PluralRule
{
    /// <summary>The categories a language's whole numbers fall into, so each counted text has a form for every one.</summary>
    public static IReadOnlyList<PluralCategory> Categories(string language) => language switch
    {
        "sl" => [PluralCategory.One, PluralCategory.Two, PluralCategory.Few, PluralCategory.Other],
        "pl" => [PluralCategory.One, PluralCategory.Few, PluralCategory.Many],
        "fr" => [PluralCategory.One, PluralCategory.Many, PluralCategory.Other],
        "it" => [PluralCategory.One, PluralCategory.Many, PluralCategory.Other],
        "zh" => [PluralCategory.Other],
        _ => [PluralCategory.One, PluralCategory.Other],
    };

    public static PluralCategory Category(string language, long count)
    {
        var n = Math.Abs(count);
        var last = n % 10;
        var lastTwo = n % 100;
        // French and Italian say "un million de réponses": an exact million takes the "many" form.
        var millions = n != 0 && n % 1_000_000 == 0;
        return language switch
        {
            "sl" => lastTwo switch { 1 => PluralCategory.One, 2 => PluralCategory.Two, 3 or 4 => PluralCategory.Few, _ => PluralCategory.Other },
            "pl" => n == 1 ? PluralCategory.One
                : last is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? PluralCategory.Few
                : PluralCategory.Many,
            "fr" => n is 0 or 1 ? PluralCategory.One : millions ? PluralCategory.Many : PluralCategory.Other,
            "it" => n == 1 ? PluralCategory.One : millions ? PluralCategory.Many : PluralCategory.Other,
            "zh" => PluralCategory.Other,
            _ => n == 1 ? PluralCategory.One : PluralCategory.Other,
        };
    }

    /// <summary>The resx key suffix of a category, as CLDR names it ("one", "few", …).</summary>
    public static string Suffix(PluralCategory category) => category.ToString().ToLowerInvariant();
}
