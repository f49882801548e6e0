using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;
using Workshop.Web;
using Workshop.Web.Identity;
using Workshop.Web.Localization;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Infrastructure;

/// <summary>
/// A browser test: the real app on a real port, fresh for every test, and the class's headless Chromium;
/// with <paramref name="administrator"/>, that first administrator (password <see cref="Password"/>) exists from the start.
/// </summary>
public abstract class BrowserTest(Chromium browser, string? administrator = null) : IClassFixture<Chromium>, IAsyncLifetime
{
    protected Chromium Browser { get; } = browser;
    protected WorkshopApp App { get; } = new();
    protected Uri BaseAddress { get; private set; } = default!;
    /// <summary>The app's grains, for the facilitator's side of a test driven without a browser.</summary>
    protected IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    protected static System.Collections.Immutable.ImmutableDictionary<string, string> Title(string sl, string en) =>
        System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("sl", sl).Add("en", en);

    public virtual async Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
        if (administrator is not null) await App.Services.GetRequiredService<FirstAdministrator>().Create(administrator, Password);
    }

    public const string Password = "correct-horse-42";

    /// <summary>Facilitator accounts with <see cref="Password"/>, as an administrator creates them.</summary>
    protected async Task CreateFacilitators(params string[] emails)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        foreach (var email in emails)
        {
            var user = new Microsoft.AspNetCore.Identity.IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Facilitator)).Succeeded);
        }
    }

    /// <summary>The interface text <paramref name="key"/> in <paramref name="language"/>, from the app's own resources.</summary>
    protected string Text(string language, string key) =>
        WorkshopLocalization.InLanguage(language, () => App.Services.GetRequiredService<IStringLocalizer<SharedResource>>()[key].Value);

    /// <summary>
    /// Signs in through the sign-in form, finding its fields by their labels in the page's <paramref name="language"/> (from the
    /// app's own texts), and waits on <paramref name="returnUrl"/> until its circuit is live.
    /// </summary>
    protected async Task SignIn(IPage page, string email, string returnUrl, string password = Password, string language = "en")
    {
        string Text(string key) => this.Text(language, key);
        await page.GotoAsync(new Uri(BaseAddress, $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}").ToString());
        await page.GetByLabel(Text("Email")).FillAsync(email);
        await page.GetByLabel(Text("Password")).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = Text("Sign in") }).Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, returnUrl).ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
    }

    /// <summary>
    /// Fills a MudTextField that shows a counter and waits until the counter, which the server renders, counts the new text:
    /// a click right after then acts on the new text, not on the one before (MudBlazor's input and click can cross on the way).
    /// A field that has just appeared (a dialog opening) can be rendered once more with its old text, undoing the fill:
    /// then it fills again, at most three times.
    /// </summary>
    protected static async Task FillCounted(ILocator field, string text, int max)
    {
        var control = field.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");
        var counted = control.GetByText($"{text.Length} / {max}", new() { Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await field.FillAsync(text);
            try
            {
                await Expect(counted).ToBeVisibleAsync(new() { Timeout = attempt < 3 ? 3000 : 15000 });
                await Expect(field).ToHaveValueAsync(text);
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }

    /// <summary>Picks <paramref name="option"/> in the MudSelect whose accessible name is <paramref name="label"/>.</summary>
    protected static async Task Choose(IPage page, string label, string option)
    {
        var select = page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(select).ToHaveTextAsync(option);
    }

    /// <summary>Waits up to 10 s for a fact the page cannot show, e.g. a write the grain makes just after its snapshot; the test's assertion follows.</summary>
    protected static async Task Until(Func<Task<bool>> condition)
    {
        for (var waited = 0; waited < 200 && !await condition(); waited++) await Task.Delay(50);
    }

    /// <summary>
    /// Types a code into a MudAutocomplete key by key (as a person would) and picks the item with exactly that code.
    /// On a loaded machine a render of the first key can overwrite the keys typed after it (Blazor Server's known race,
    /// MudBlazor#1012): as a person who sees "1" instead of "1.6", it types the code again, at most twice more.
    /// </summary>
    protected static async Task PickInAutocomplete(IPage page, string input, string code)
    {
        var field = page.Locator(input);
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(code)} —") });
        await field.ClickAsync();
        for (var attempt = 1; ; attempt++)
        {
            await field.FillAsync("");
            await field.PressSequentiallyAsync(code, new() { Delay = 50 });
            await Until(async () => await option.IsVisibleAsync() || await field.InputValueAsync() != code);
            if (attempt == 3 || await field.InputValueAsync() == code) break;
        }
        await Expect(option).ToBeVisibleAsync();
        await option.ClickAsync();
    }

    public async Task DisposeAsync()
    {
        // Pages first: the app stops without waiting for their open circuits.
        await Browser.CloseContexts();
        await App.DisposeAsync();
        Browser.AssertNoCspViolations();
    }
}
