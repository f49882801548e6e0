using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Workshop.Web.Identity;

namespace Workshop.Web.Localization;

/// <summary>
/// The interface language: from the browser's Accept-Language, overridden by the switch in the app bar
/// (a culture cookie); a browser asking for none of them gets English. Formats (numbers, percentages, dates) follow the same culture.
/// </summary>
public static class WorkshopLocalization
{
    /// <summary>The order of the switch; each language is a SharedResource.{language}.resx (English is the neutral file).</summary>
    public static readonly string[] Languages = ["sl", "en", "it", "fr", "pl", "zh"];
    public const string DefaultLanguage = "en";

    /// <summary>Each language's name in itself, for the switch's tooltips and screen readers.</summary>
    public static string NativeName(string language) => CultureInfo.GetCultureInfo(language).NativeName;

    public static WebApplicationBuilder AddWorkshopLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(DefaultLanguage).AddSupportedCultures(Languages).AddSupportedUICultures(Languages);
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        return builder;
    }

    public static IApplicationBuilder UseWorkshopLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{language}", (string language, string? returnUrl, HttpContext context) =>
        {
            if (!Languages.Contains(language)) return Results.BadRequest($"Unknown interface language '{language}'. Use one of: {string.Join(", ", Languages)}.");
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl, "/"));
        }).ExcludeFromDescription();
        return app;
    }

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>An interface text in each of the six languages, for labels stored with a workshop that phones then show in theirs.</summary>
    public static ImmutableDictionary<string, string> InEveryLanguage(IStringLocalizer texts, string key) =>
        Languages.ToImmutableDictionary(language => language, language => InLanguage(language, () => texts[key].Value));

    /// <summary>What <paramref name="read"/> gives with <paramref name="language"/> as the interface language; the caller's stays as it was.</summary>
    public static T InLanguage<T>(string language, Func<T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try { return read(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }
}
