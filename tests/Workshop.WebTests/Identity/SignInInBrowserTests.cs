using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Identity;

public sealed class SignInInBrowserTests(Chromium chromium) : BrowserTest(chromium, "admin@example.org")
{
    [Fact]
    public async Task An_administrator_adds_a_facilitator_who_signs_in_and_may_edit_but_not_manage_users()
    {
        var admin = await Browser.NewPage("en-US");
        await SignIn(admin, "admin@example.org", "/admin/users");
        await admin.Locator("#new-email").FillAsync("facilitator@example.org");
        await admin.Locator("#new-password").FillAsync("another-horse-43");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add facilitator" }).ClickAsync();
        await Expect(admin.Locator("tbody tr", new() { HasText = "facilitator@example.org" })).ToContainTextAsync("facilitator");
        await Chromium.Screenshot(admin, "10-users");

        var facilitator = await Browser.NewPage("en-US");
        await SignIn(facilitator, "facilitator@example.org", "/frameworks/community-worker", "another-horse-43");
        await Expect(facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit in a new draft" })).ToBeVisibleAsync();
        await Expect(facilitator.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await facilitator.GotoAsync(new Uri(BaseAddress, "/admin/users").ToString());
        await Expect(facilitator.GetByRole(AriaRole.Heading, new() { Name = "No access" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_editing_stays_hidden()
    {
        var page = await Browser.NewPage("en-US");
        await page.GotoAsync(new Uri(BaseAddress, "/account/login").ToString());
        await page.GetByLabel("Email").FillAsync("admin@example.org");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).Last.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await page.GotoAsync(new Uri(BaseAddress, "/frameworks/community-worker").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Community worker" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit in a new draft" })).ToHaveCountAsync(0);
    }
}
