using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>A short workshop in the browser ends with a proposal; the model owner accepts it, sees what changed, and publishes version 2.</summary>
public sealed class ProposalReviewInBrowserTests(Chromium chromium) : BrowserTest(chromium, "owner@example.org")
{
    private const string FrameworkId = "community-network-coordinator";

    [Fact]
    public async Task An_accepted_proposal_from_a_workshop_becomes_a_published_version_with_its_provenance()
    {
        // A short workshop in the browser: the owner, also a facilitator, runs a dot vote on the items under 1.6 with one phone.
        var console = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(console, "owner@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Focus group Gorizia", 200);
        await Choose(console, "Framework", "Community network coordinator for the integration of hard-to-employ people");
        await Choose(console, "Language of the workshop", "English (en)");
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Focus group Gorizia" })).ToBeVisibleAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();

        await Choose(console, "Kind", "Dot vote");
        await FillCounted(console.Locator("#activity-title"), "Key competencies", 200);
        await Choose(console, "Items", "The items under one item");
        await Choose(console, "Under", "1.6 — Ability to create and connect networks and to maintain them");
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        var activity = console.Locator("li[data-activity='Key competencies']");
        await Expect(activity).ToContainTextAsync("Dot vote · 3 items");
        await activity.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(console.GetByTestId("current-title")).ToHaveTextAsync("Key competencies");

        // One phone joins with the code and puts two dots on the first item; the console counts the answer.
        var phone = await Browser.NewPage("en-US", 360, 740);
        await phone.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await phone.Locator("body[data-connection=connected]").WaitForAsync();
        await phone.Locator("#name").FillAsync("Ana");
        await phone.Locator("#join-form button[type=submit]").ClickAsync();
        await phone.Locator("body[data-screen=dotVote]").WaitForAsync();
        var cards = phone.Locator("#activity .card");
        await Expect(cards).ToHaveCountAsync(3);
        await cards.First.Locator("button.step").Last.ClickAsync();
        await cards.First.Locator("button.step").Last.ClickAsync();
        await phone.Locator("#save[data-state=saved]").WaitForAsync();
        await Expect(console.GetByTestId("respondents")).ToContainTextAsync("1 / 1");

        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(console.Locator(".current-activity > p.meta")).ToContainTextAsync("closed");
        await Chromium.Screenshot(console, "49-short-workshop");

        // The facilitator puts the tables' idea to the model owner as a new competency under 1.6, then ends the workshop.
        await console.GetByRole(AriaRole.Button, new() { Name = "Propose a change to the model" }).ClickAsync();
        var dialog = console.GetByRole(AriaRole.Dialog);
        await PickInAutocomplete(console, "#proposal-item", "1.6");
        await FillCounted(dialog.Locator("#proposal-text"), "Uses digital tools to coordinate the network", 280);
        await FillCounted(dialog.GetByLabel("Why (optional)"), "Raised by every table", 280);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Propose", Exact = true }).ClickAsync();
        await Expect(console.GetByText("The proposal waits for the model owner.")).ToBeVisibleAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "End workshop" }).ClickAsync();
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "End workshop" }).ClickAsync();
        await Expect(console.Locator(".console header .mud-chip")).ToHaveTextAsync("ended");

        var page = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(page, "owner@example.org", "/frameworks/community-network-coordinator/proposals");

        var row = page.Locator("tbody tr", new() { HasText = "Uses digital tools" });
        await Expect(row).ToContainTextAsync("Focus group Gorizia");
        await Expect(row).ToContainTextAsync("waiting for the model owner");
        await Chromium.Screenshot(page, "50-proposals-pending");
        await row.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await FillCounted(page.Locator("#dialog-text"), "Agreed at the consortium meeting", 280);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row).ToContainTextAsync("accepted");
        await Expect(row).ToContainTextAsync("Version 2");

        await page.GetByRole(AriaRole.Link, new() { Name = "What changed" }).ClickAsync();
        var added = page.Locator("li[data-code='1.6.4']");
        await Expect(added).ToContainTextAsync("Added 1.6.4");
        await Expect(added).ToContainTextAsync("Uses digital tools to coordinate the network");
        await Expect(added).ToContainTextAsync("Focus group Gorizia");
        await Chromium.Screenshot(page, "51-what-changed");

        await page.GotoAsync(new Uri(BaseAddress, "/frameworks/community-network-coordinator?version=2").ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByText("Version 2 is published.")).ToBeVisibleAsync();

        // Version 2 downloads as a CASE package that holds the new competency under 1.6.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-case").ClickAsync());
        var path = Path.Combine(App.Folder, "v2.case.json");
        await download.SaveAsAsync(path);
        using var package = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var items = package.RootElement.GetProperty("CFItems").EnumerateArray().ToList();
        var newItem = items.Single(i => i.GetProperty("humanCodingScheme").GetString() == "1.6.4");
        Assert.Equal("Uses digital tools to coordinate the network", newItem.GetProperty("fullStatement").GetString());
        var parentId = items.Single(i => i.GetProperty("humanCodingScheme").GetString() == "1.6").GetProperty("identifier").GetString();
        Assert.Contains(package.RootElement.GetProperty("CFAssociations").EnumerateArray(), a =>
            a.GetProperty("originNodeURI").GetProperty("identifier").GetString() == newItem.GetProperty("identifier").GetString()
            && a.GetProperty("destinationNodeURI").GetProperty("identifier").GetString() == parentId);

        var published = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(2)!;
        Assert.True(published.IsPublished);
        var item = published.Items.Single(i => i.Code == "1.6.4");
        Assert.Equal("Focus group Gorizia", item.Provenance!.Single().WorkshopTitle);
    }
}
