using System.Text.Json;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Localization;

/// <summary>
/// The phone page's own error sentences (wwwroot/participate/texts.js and texts.zh.js, read by Chromium as the phone reads them):
/// one for every code a phone can get, in every language but English, which shows the server's own English sentence.
/// </summary>
public sealed class PhoneErrorTextsInBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>Per language, each error text's shape: "text", or "fn{arity}" for a text made from values.</summary>
    private sealed record PhoneTexts(Dictionary<string, string> Errors, Dictionary<string, string> BoardErrors);

    [Fact]
    public async Task Every_error_a_phone_can_get_has_a_sentence_in_each_of_the_phones_languages_of_the_same_shape()
    {
        var page = await Browser.NewPage("en-GB");
        await page.GotoAsync(new Uri(BaseAddress, "/join").ToString());
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const { texts } = await import('/participate/texts.js');
              const { zh } = await import('/participate/texts.zh.js');
              const shape = section => Object.fromEntries(Object.entries(section || {}).map(([code, text]) =>
                [code, typeof text === 'function' ? `fn${text.length}` : typeof text === 'string' && text.trim() ? 'text' : 'empty']));
              return JSON.stringify(Object.fromEntries(Object.entries({ ...texts, zh })
                .map(([language, t]) => [language, { errors: shape(t.errors), boardErrors: shape(t.boardErrors) }])));
            }
            """);
        var languages = JsonSerializer.Deserialize<Dictionary<string, PhoneTexts>>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(["sl", "en", "it", "fr", "pl", "zh"], languages.Keys);
        Assert.Empty(languages["en"].Errors); // English shows the server's sentence, which the hub sends with every code.
        var reference = languages["sl"];
        foreach (var (language, texts) in languages.Where(l => l.Key != "en"))
        {
            var missing = ErrorTextsTests.PhoneCodes.Where(code => texts.Errors.GetValueOrDefault(code) is null or "empty").ToList();
            Assert.True(missing.Count == 0, $"texts{(language == "zh" ? ".zh" : "")}.js ({language}) has no error sentence for: {string.Join(", ", missing)}");
            Assert.Empty(Unlike(reference.Errors, texts.Errors).Select(code => $"{language} errors.{code}"));
            Assert.Empty(Unlike(reference.BoardErrors, texts.BoardErrors).Select(code => $"{language} boardErrors.{code}"));
        }
        Assert.Subset(ErrorTextsTests.PhoneCodes.ToHashSet(), reference.BoardErrors.Keys.ToHashSet());
    }

    /// <summary>The codes that one language has and the other lacks, or that take other values (placeholders) in the two.</summary>
    private static IEnumerable<string> Unlike(Dictionary<string, string> reference, Dictionary<string, string> other) =>
        reference.Keys.Union(other.Keys).Where(code => reference.GetValueOrDefault(code) != other.GetValueOrDefault(code)).Order();
}
