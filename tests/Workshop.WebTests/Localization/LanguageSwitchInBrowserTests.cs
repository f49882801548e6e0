using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Localization;

/// <summary>A facilitator switches the interface to Italian, then French: the framework list and a workshop's console speak it, with its number formats.</summary>
public sealed class LanguageSwitchInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";

    [Fact]
    public async Task A_facilitator_switches_to_italian_then_french_and_the_frameworks_and_the_console_follow_with_their_percentages()
    {
        var (workshop, _) = await DelphiWorkshop.Run(Grains, Facilitator, "Focus group Milano");
        var page = await Browser.NewPage("en-US", 1366, 768);
        await SignIn(page, Facilitator, "/frameworks");
        await Expect(page.Locator(".language-switch a")).ToHaveTextAsync(["SL", "EN", "IT", "FR", "PL", "ZH"]);

        await Switch(page, "IT");
        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, "/frameworks").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Modelli di competenze" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Laboratori", Exact = true })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "i12-languages-01-frameworks-it");

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/workshops/{workshop}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programma" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("respondents")).ToContainTextAsync("Hanno risposto: 5 / 5");
        // The second item's last round: a mean of 3.0 and a fifth in the top two points.
        await Expect(page.Locator(".results")).ToContainTextAsync("3,0 · n 5");
        await Expect(page.Locator(".results")).ToContainTextAsync("· 20%");
        await Chromium.Screenshot(page, "i12-languages-02-console-it");

        await Switch(page, "FR");
        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, $"/workshops/{workshop}").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programme" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("respondents")).ToContainTextAsync("Ont répondu");
        await Expect(page.Locator(".results")).ToContainTextAsync("3,0 · n 5");
        await Expect(page.Locator(".results")).ToContainTextAsync(new Regex(@"· 20\s%"));
        await Chromium.Screenshot(page, "i12-languages-03-console-fr");

        await page.GetByRole(AriaRole.Link, new() { Name = "Référentiels", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Référentiels de compétences" })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "i12-languages-04-frameworks-fr");
    }

    /// <summary>Clicks a language in the app bar's switch and waits for the page it reloads to be live and in that language.</summary>
    private static async Task Switch(IPage page, string code)
    {
        await page.Locator(".language-switch").GetByRole(AriaRole.Link, new() { Name = code, Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", code.ToLowerInvariant());
        await page.Locator("[data-interactive]").WaitForAsync();
    }
}
