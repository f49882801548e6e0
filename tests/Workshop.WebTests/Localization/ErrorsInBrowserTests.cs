using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Localization;

/// <summary>The errors a Polish facilitator can see, in Polish: the sign-in form's validation, a refusal of the workshop's rules, an address that leads nowhere, and the reconnect dialog.</summary>
public sealed class ErrorsInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";

    [Fact]
    public async Task A_polish_facilitator_sees_validation_a_refusal_and_the_not_found_page_in_polish()
    {
        var page = await Browser.NewPage("pl-PL", 1366, 900);
        await page.GotoAsync(new Uri(BaseAddress, "/account/login?returnUrl=%2Fworkshops").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Zaloguj się" }).Last.ClickAsync();
        await Expect(page.Locator(".validation-message")).ToHaveTextAsync(["Podaj swój adres e-mail.", "Podaj hasło."]);
        await Chromium.Screenshot(page, "i12-errors-01-sign-in-pl");

        await page.GetByLabel("E-mail").FillAsync(Facilitator);
        await page.GetByLabel("Hasło").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zaloguj się" }).Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, "/workshops").ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
        // The reconnect dialog waits, hidden, in the page's language.
        await Expect(page.Locator("#components-reconnect-modal")).ToContainTextAsync("Połączenie z serwerem zostało przerwane");

        // A workshop without a title breaks a rule of the workshop grain: its refusal comes in Polish, not in the grain's English.
        await page.GetByRole(AriaRole.Button, new() { Name = "Utwórz warsztat" }).ClickAsync();
        var refusal = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Te ustawienia łamią regułę warsztatu" });
        await Expect(refusal).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "A workshop needs a title" })).ToHaveCountAsync(0);
        await Chromium.Screenshot(page, "i12-errors-02-refusal-pl");

        var missing = await page.GotoAsync(new Uri(BaseAddress, "/warsztaty/nie-ma-takiej-strony").ToString());
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nie znaleziono strony" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pl");
        await Chromium.Screenshot(page, "i12-errors-03-not-found-pl");
    }

    [Fact]
    public async Task When_the_console_loses_its_connection_it_says_so_in_polish_and_carries_on_once_the_server_is_back()
    {
        var page = await Browser.NewPage("pl-PL", 1366, 900);
        var reachable = true;
        IWebSocketRoute? circuit = null;
        // The circuit's WebSocket through the browser's own routing: cut from the page's side, refused while "unreachable".
        await page.RouteWebSocketAsync(new Regex("/_blazor"), async socket =>
        {
            if (!Volatile.Read(ref reachable)) { await socket.CloseAsync(); return; }
            socket.ConnectToServer();
            circuit = socket;
        });
        // Its fallbacks too (negotiation, server-sent events, long polling): else a retry gets through over HTTP and the dialog closes at once.
        await page.RouteAsync(new Regex("/_blazor"), route => Volatile.Read(ref reachable) ? route.ContinueAsync() : route.AbortAsync());
        await SignIn(page, Facilitator, "/workshops", language: "pl");

        Volatile.Write(ref reachable, false);
        await circuit!.CloseAsync();
        var dialog = page.Locator("#components-reconnect-modal");
        await Expect(dialog).ToBeVisibleAsync();
        // One sentence for the state Blazor is in: the first attempt, the retries, or giving up.
        await Expect(dialog.Locator("p:visible")).ToHaveTextAsync(new Regex("Połączenie z serwerem zostało przerwane|Nadal brak połączenia z serwerem|Serwer jest nieosiągalny"));
        await Chromium.Screenshot(page, "i12-errors-04-reconnecting-pl");

        // Blazor keeps retrying (a few seconds apart at first): the next attempt gets through and the same circuit carries on.
        Volatile.Write(ref reachable, true);
        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Utwórz warsztat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Te ustawienia łamią regułę warsztatu" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_api_caller_gets_a_bare_404_and_no_page()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var response = await client.GetAsync("/api/no-such-endpoint");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }
}
