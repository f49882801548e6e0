using System.Collections;
using System.Globalization;
using System.Net.Http.Headers;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Workshop.Web;
using Workshop.Web.Localization;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Localization;

/// <summary>The facilitators' interface in six languages: every English text translated with the same placeholders, formats by culture, the browser's language first.</summary>
public sealed partial class InterfaceLanguagesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static readonly ResourceManager Texts = new("Workshop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> Translations => new(WorkshopLocalization.Languages.Where(l => l != "en"));

    private static Dictionary<string, string> Entries(string language) =>
        Texts.GetResourceSet(CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false)?.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!) ?? [];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    private static string Placeholders(string text) => string.Join(" ", Placeholder().Matches(text).Select(m => m.Value).Order());

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_english_text_has_a_translation_with_the_same_placeholders(string language)
    {
        var english = Texts.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        Assert.True(english.Count > 300, $"The English texts were not found ({english.Count}).");
        var translated = Entries(language);
        Assert.True(translated.Count > 0, $"web/Resources/SharedResource.{language}.resx does not exist or has no text.");

        var missing = english.Keys.Where(k => string.IsNullOrWhiteSpace(translated.GetValueOrDefault(k))).Order().ToList();
        var placeholders = english.Where(e => translated.ContainsKey(e.Key) && Placeholders(translated[e.Key]) != Placeholders(e.Value))
            .Select(e => $"{e.Key}: \"{translated[e.Key]}\" has [{Placeholders(translated[e.Key])}], English [{Placeholders(e.Value)}]").ToList();

        Assert.True(missing.Count == 0, $"SharedResource.{language}.resx lacks {missing.Count} of {english.Count} texts: {string.Join(" | ", missing)}");
        Assert.True(placeholders.Count == 0, $"SharedResource.{language}.resx changes placeholders: {string.Join(" | ", placeholders)}");
    }

    [Theory]
    [InlineData("sl", "33 %", "2,5")]
    [InlineData("en", "33%", "2.5")]
    [InlineData("it", "33%", "2,5")]
    [InlineData("fr", "33 %", "2,5")]
    [InlineData("pl", "33%", "2,5")]
    [InlineData("zh", "33%", "2.5")]
    public void Percentages_and_decimals_follow_the_language(string language, string percent, string decimalNumber)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        Assert.Equal(percent, Spaced((1 / 3.0).ToString("P0", culture)));
        Assert.Equal(decimalNumber, 2.5.ToString("0.0", culture));
    }

    /// <summary>No-break spaces (U+00A0, U+202F) as plain ones: the culture data chooses which.</summary>
    private static string Spaced(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Theory]
    [InlineData(null, "en")]
    [InlineData("de-DE,de;q=0.9", "en")]
    [InlineData("it-IT,it;q=0.9,en;q=0.5", "it")]
    [InlineData("fr-CH", "fr")]
    [InlineData("pl", "pl")]
    [InlineData("zh-CN,zh;q=0.9", "zh")]
    [InlineData("en-GB", "en")]
    public async Task The_page_speaks_the_browsers_language_and_otherwise_slovenian(string? acceptLanguage, string expected)
    {
        var client = shared.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var html = await client.GetStringAsync("/setup");

        Assert.Contains($"<html lang=\"{expected}\">", html);
    }

    [Fact]
    public async Task The_switch_offers_the_six_languages_in_order_and_its_choice_outlasts_the_browsers_language()
    {
        var client = shared.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("it"));

        var italian = await client.GetStringAsync("/setup");
        var switched = await client.GetAsync("/culture/fr?returnUrl=/setup");
        var french = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/setup"));

        Assert.Equal(["sl", "en", "it", "fr", "pl", "zh"], Regex.Matches(italian, "hreflang=\"([a-z]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<html lang=\"it\">", italian);
        Assert.Equal("/setup", switched.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("Créer le premier administrateur", french);
    }

    [Fact]
    public void A_segment_question_a_facilitator_asks_is_labelled_in_every_interface_language_for_the_phones()
    {
        var labels = WorkshopLocalization.InEveryLanguage(shared.App.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), "Country");

        Assert.Equal(WorkshopLocalization.Languages.Order(), labels.Keys.Order());
        Assert.Equal(("Država", "Country", "Kraj", "国家或地区"), (labels["sl"], labels["en"], labels["pl"], labels["zh"]));
    }
}
