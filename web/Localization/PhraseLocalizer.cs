using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Workshop.Web.Localization;

/// <summary>Sentences built from texts and figures, so that each language orders, inflects and punctuates its own.</summary>
public static class PhraseLocalizer
{
    /// <summary>"5 votes" in the form the count takes in the interface language: the resx key "{key}.{category}" (e.g. "Votes.few"), else "{key}.other".</summary>
    public static string Count(this IStringLocalizer l, string key, long count)
    {
        var category = PluralRule.Category(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, count);
        var text = l[$"{key}.{PluralRule.Suffix(category)}"];
        return string.Format(CultureInfo.CurrentCulture, text.ResourceNotFound ? l[$"{key}.other"] : text, count);
    }

    /// <summary>"Participants: 12" with the language's colon ("Participants : 12" in French, "参与者：12" in Chinese); the label is a resx key.</summary>
    public static string Labelled(this IStringLocalizer l, string label, object? value) =>
        string.Format(CultureInfo.CurrentCulture, l["LabelValue"], l[label], value);

    /// <summary>A label before controls or a list: "Voting:" ("Vote :" in French).</summary>
    public static string Label(this IStringLocalizer l, string label) => l.Labelled(label, "").TrimEnd();
}
