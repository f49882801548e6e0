using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>End to end in headless Chromium: first administrator, then a label edited in a draft and published.</summary>
public sealed class FrameworkEditingInBrowserTests(Chromium chromium) : BrowserTest(chromium)
{



    [Fact]
    public async Task An_administrator_edits_a_label_of_1_6_2_in_a_draft_and_publishes_version_2()
    {
        var page = await Browser.NewPage("en-US");

        await page.GotoAsync(new Uri(BaseAddress, "/frameworks").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await Chromium.Screenshot(page, "01-setup");
        await page.GetByLabel("Email").FillAsync("admin@example.org");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("correct-horse-42");
        await page.GetByLabel("Repeat the password").FillAsync("correct-horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Competency frameworks" })).ToBeVisibleAsync();
        await Expect(page.Locator(".framework-card")).ToHaveCountAsync(4);
        await page.Locator("[data-interactive]").WaitForAsync();
        await Chromium.Screenshot(page, "02-frameworks-en");

        await page.Locator("a[href='frameworks/community-network-coordinator']").ClickAsync();
        await Expect(page.GetByTestId("version")).ToHaveTextAsync("Version 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit in a new draft" }).ClickAsync();
        await Expect(page.GetByTestId("version")).ToHaveTextAsync("Version 2");

        await page.Locator("#search").FillAsync("1.6.2");
        var item = page.Locator("li[data-code='1.6.2']");
        await Expect(item).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "03-draft-search-1.6.2");
        await item.Locator(":scope > .row").GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();

        const string newLabel = "Builds strong and lasting relationships across the network";
        var label = page.Locator("#label-en");
        await label.FillAsync(newLabel);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(item.Locator(":scope > .row .label")).ToContainTextAsync(newLabel);

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByText("Version 2 is published.")).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "04-published");

        await page.GetByRole(AriaRole.Link, new() { Name = "Version history" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("Version 2");
        await Expect(rows.First).ToContainTextAsync("published");
        await Expect(rows.First).ToContainTextAsync("admin@example.org");
        await Chromium.Screenshot(page, "05-history");

        var version2 = await page.APIRequest.GetAsync(new Uri(BaseAddress, "/api/frameworks/community-network-coordinator/versions/2").ToString());
        Assert.Contains(newLabel, await version2.TextAsync());
        var version1 = await page.APIRequest.GetAsync(new Uri(BaseAddress, "/api/frameworks/community-network-coordinator/versions/1").ToString());
        Assert.DoesNotContain(newLabel, await version1.TextAsync());
    }

    [Fact]
    public async Task A_Slovenian_browser_sees_the_interface_in_Slovenian_and_can_switch_to_English()
    {
        await App.Services.GetRequiredService<Workshop.Web.Identity.FirstAdministrator>().Create("owner@example.org", "correct-horse-42");
        var page = await Browser.NewPage("sl-SI");

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, "/frameworks"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kompetenčni modeli" })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "06-frameworks-sl");

        await page.Locator("a[href='frameworks/community-worker']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skupnostni delavec" })).ToBeVisibleAsync();
        await page.Locator("[data-interactive]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Razširi vse" }).ClickAsync();
        await Expect(page.Locator("li.kind-competency")).ToHaveCountAsync(28);
        await Chromium.Screenshot(page, "07-community-worker-sl");

        await page.Locator(".language-switch a[hreflang='en']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Expand all" })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "08-community-worker-en");
    }
}
