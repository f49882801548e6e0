using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web;
using Workshop.Web.Localization;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Localization;

/// <summary>Every refusal a facilitator or model owner can meet has a sentence in each interface language (Error.{code}, what the console's snackbar shows).</summary>
public sealed partial class ErrorTextsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static readonly ResourceManager Texts = new("Workshop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> Languages => new(WorkshopLocalization.Languages);

    /// <summary>Both enums' codes share one key space (Error.{code}), so no code may mean two things.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. Enum.GetNames<WorkshopError>(), .. Enum.GetNames<FrameworkError>()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void No_workshop_error_and_framework_error_share_a_code()
    {
        Assert.Empty(Enum.GetNames<WorkshopError>().Intersect(Enum.GetNames<FrameworkError>()));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_workshop_and_framework_error_has_a_sentence_without_placeholders(string language)
    {
        var culture = language == WorkshopLocalization.DefaultLanguage ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        var texts = Texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        var file = culture == CultureInfo.InvariantCulture ? "SharedResource.resx" : $"SharedResource.{language}.resx";
        Assert.True(texts is not null, $"web/Resources/{file} does not exist.");

        var missing = Codes.Where(code => string.IsNullOrWhiteSpace(texts.GetString($"Error.{code}"))).ToList();
        // The snackbar fills in no value: a placeholder would show as "{0}".
        var withPlaceholders = Codes.Where(code => Placeholder().IsMatch(texts.GetString($"Error.{code}") ?? "")).ToList();

        Assert.True(missing.Count == 0, $"{file} ({language}) has no sentence for {missing.Count} error codes: {string.Join(", ", missing.Select(c => $"Error.{c}"))}");
        Assert.True(withPlaceholders.Count == 0, $"{file} ({language}) has placeholders in: {string.Join(", ", withPlaceholders.Select(c => $"Error.{c}"))}");
    }

    [Fact]
    public async Task The_join_endpoint_refuses_an_unknown_code_with_a_code_the_phone_has_sentences_for()
    {
        var response = await shared.App.CreateClient().GetAsync("/api/join/K7M2QX");
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(problem!["title"].GetString(), PhoneCodes);
    }

    /// <summary>The codes a phone can get: every workshop error the hub or the join endpoint sends (camelCase), and the hub's retry.</summary>
    public static IReadOnlyList<string> PhoneCodes { get; } =
    [
        .. Enum.GetValues<WorkshopError>().Except([WorkshopError.WorkshopNotEnded, WorkshopError.UnknownFacilitator]) // the facilitator's commands only
            .Select(error => JsonNamingPolicy.CamelCase.ConvertName(error.ToString())),
        Workshop.Web.Workshops.WorkshopHub.Retry,
    ];
}
