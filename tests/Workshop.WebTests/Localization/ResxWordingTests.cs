using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Workshop.Web;
using Workshop.Web.Localization;

namespace Workshop.WebTests.Localization;

/// <summary>The facilitators' texts as each language writes them: a form for every plural category, and French spacing before ":;!?".</summary>
public sealed partial class ResxWordingTests
{
    private static readonly ResourceManager Texts = new("Workshop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> Languages => new(WorkshopLocalization.Languages);

    private static Dictionary<string, string> Entries(string language) =>
        Texts.GetResourceSet(language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [GeneratedRegex(@"^(?<text>.+)\.(one|two|few|many|other)$")]
    private static partial Regex PluralKey();

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_counted_text_has_a_form_for_each_plural_category_of_the_language(string language)
    {
        var entries = Entries(language);
        var counted = Entries("en").Keys.Select(k => PluralKey().Match(k)).Where(m => m.Success).Select(m => m.Groups["text"].Value).Distinct().ToList();
        Assert.NotEmpty(counted);

        var missing = counted.SelectMany(text => PluralRule.Categories(language).Select(c => $"{text}.{PluralRule.Suffix(c)}"))
            .Where(key => !entries.TryGetValue(key, out var value) || !value.Contains("{0}")).ToList();

        Assert.True(missing.Count == 0, $"SharedResource.{language}.resx lacks the plural forms (with the count {{0}}): {string.Join(", ", missing)}");
    }

    /// <summary>":;!?" after anything but a no-break space (U+00A0 before ":", U+202F before ";!?", either accepted).</summary>
    [GeneratedRegex(@"(?<![\u00a0\u202f])[:;!?]")]
    private static partial Regex FrenchPunctuationWithoutNoBreakSpace();

    [Fact]
    public void French_puts_a_no_break_space_before_colons_semicolons_and_question_and_exclamation_marks()
    {
        var wrong = Entries("fr").Where(e => FrenchPunctuationWithoutNoBreakSpace().IsMatch(WithoutPlaceholders(e.Value)))
            .Select(e => $"{e.Key}: \"{e.Value}\"").Order().ToList();

        Assert.True(wrong.Count == 0, $"SharedResource.fr.resx has {wrong.Count} texts with ':', ';', '!' or '?' after no no-break space (U+00A0 before ':', U+202F before ';!?'): {string.Join(" | ", wrong)}");
    }

    [Theory]
    [InlineData("Participants : 12", false)]
    [InlineData("Participants\u00a0: 12", true)]
    [InlineData("Participants: 12", false)]
    [InlineData("Vraiment ?", false)]
    [InlineData("Vraiment\u202f?", true)]
    [InlineData("Mise à jour à 12:30 ({0:P0})", true)]
    [InlineData("{0}\u00a0: {1}", true)]
    [InlineData("{0}: {1}", false)]
    public void The_french_check_tells_a_no_break_space_from_a_plain_one(string text, bool right) =>
        Assert.Equal(right, !FrenchPunctuationWithoutNoBreakSpace().IsMatch(WithoutPlaceholders(text)));

    /// <summary>Placeholders ({0:P0}), times (12:30) and addresses (https://) hold colons that are no punctuation.</summary>
    [GeneratedRegex(@"\{\d+(:[^}]*)?\}|\d:\d|://")]
    private static partial Regex NotPunctuation();

    private static string WithoutPlaceholders(string text) => NotPunctuation().Replace(text, "X");
}
