using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>The model owner accepts a workshop's proposal, sees what changed, and publishes version 2.</summary>
public sealed class ProposalReviewInBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string FrameworkId = "community-network-coordinator";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.Services.GetRequiredService<FirstAdministrator>().Create("owner@example.org", "correct-horse-42");
    }

    [Fact]
    public async Task An_accepted_proposal_from_a_workshop_becomes_a_published_version_with_its_provenance()
    {
        // A short workshop: a dot vote, and a participant's proposal for a new competency under 1.6.
        var grains = App.Services.GetRequiredService<IGrainFactory>();
        var workshop = grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        await workshop.Create(new CreateWorkshop("Focus group Gorizia", FrameworkId, 1, "owner@example.org", "en"));
        var version = (await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!;
        var area = version.Items.Single(i => i.Code == "1.6");
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), ItemSelection.Under(version, area.Id));
        await workshop.AddActivity(vote);
        await workshop.OpenActivity(vote.Id);
        var phone = await workshop.Join(new JoinRequest("Ana", "en", null));
        await grains.GetGrain<IParticipantGrain>(phone.ParticipantId).Submit(new Answer(vote.Id, 1, "c-1", ImmutableDictionary<Guid, int>.Empty.Add(vote.Items[0], 2), null, null));
        await workshop.CloseActivity(vote.Id);
        await workshop.Propose(phone.ParticipantId, null, new ProposalDraft(ProposalKind.NewCompetency, area.Id, null,
            ImmutableDictionary<string, string>.Empty.Add("en", "Uses digital tools to coordinate the network"), "Raised by every table"));

        var page = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(page, "owner@example.org", "/frameworks/community-network-coordinator/proposals");

        var row = page.Locator("tbody tr", new() { HasText = "Uses digital tools" });
        await Expect(row).ToContainTextAsync("Focus group Gorizia");
        await Expect(row).ToContainTextAsync("waiting for the model owner");
        await Chromium.Screenshot(page, "50-proposals-pending");
        await row.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await page.Locator("#dialog-text").FillAsync("Agreed at the consortium meeting");
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

        var published = (await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(2)!;
        Assert.True(published.IsPublished);
        var item = published.Items.Single(i => i.Code == "1.6.4");
        Assert.Equal("Focus group Gorizia", item.Provenance!.Single().WorkshopTitle);
    }
}
