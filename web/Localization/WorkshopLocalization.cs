using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Workshop.Web.Identity;

namespace Workshop.Web.Localization;

/// <summary>
/// The interface language: from the browser's Accept-Language, overridden by the switch in the app bar
/// (a culture cookie). Slovenian and English first; more languages are new resource files.
/// </summary>
public static class WorkshopLocalization
{
    public static readonly string[] Languages = ["sl", "en"];
    public const string DefaultLanguage = "en";

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
}
