namespace Workshop.Grains.Frameworks;

/// <summary>
/// How large a framework may be: the same limits for the CSV and CASE imports and the editor, so whatever one
/// of them accepts the others can show, export and read back.
/// </summary>
public static class FrameworkLimits
{
    /// <summary>Levels below the top (domain, category, competency, … twelve is far more than any real model needs).</summary>
    public const int MaxDepth = 12;
    public const int MaxItems = 20_000;
    public const int MaxCodeLength = 100;
    public const int MaxLabelLength = 1_000;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxTitleLength = 200;

    public static string TooDeep(string code, int level) =>
        $"Item {Shorten(code)} is at level {level}; a framework has at most {MaxDepth} levels.";

    public static string TooMany(int count) =>
        $"The file has {count:N0} items; a framework has at most {MaxItems:N0}.";

    /// <summary>What is too long in an item's code, labels or descriptions; null when nothing is.</summary>
    public static string? ItemProblem(string code, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? descriptions)
    {
        if (code.Length > MaxCodeLength) return $"The code {Shorten(code)} has {code.Length:N0} characters; at most {MaxCodeLength} are allowed.";
        foreach (var (language, label) in labels ?? new Dictionary<string, string>())
            if (label.Length > MaxLabelLength)
                return $"The label ({language}) of item {Shorten(code)} has {label.Length:N0} characters; at most {MaxLabelLength:N0} are allowed.";
        foreach (var (language, description) in descriptions ?? new Dictionary<string, string>())
            if (description.Length > MaxDescriptionLength)
                return $"The description ({language}) of item {Shorten(code)} has {description.Length:N0} characters; at most {MaxDescriptionLength:N0} are allowed.";
        return null;
    }

    public static string? TitleProblem(IEnumerable<string> titles) =>
        titles.FirstOrDefault(t => t.Trim().Length > MaxTitleLength) is { } title
            ? $"The title has {title.Trim().Length:N0} characters; at most {MaxTitleLength} are allowed."
            : null;

    /// <summary>A code as it can be quoted in a message.</summary>
    private static string Shorten(string code) => code.Length <= 40 ? code : code[..40] + "…";
}
