using System.Collections.Immutable;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>Only a workshop's facilitators run it; one adds a colleague, and after the end erases the participants' personal data.</summary>
public sealed class WorkshopAccessInBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Ana = "ana@example.org", Bor = "bor@example.org";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateFacilitators(Ana, Bor);
    }

    /// <summary>Ana's ended workshop: three named participants from Slovenia voted once.</summary>
    private async Task<Guid> EndedWorkshop()
    {
        var grains = App.Services.GetRequiredService<IGrainFactory>();
        var id = Guid.NewGuid();
        var workshop = grains.GetGrain<IWorkshopGrain>(id);
        var country = new SegmentQuestion("country", ImmutableDictionary<string, string>.Empty.Add("en", "Country"), ["SI", "IT"]);
        await workshop.Create(new CreateWorkshop("Focus group Izola", "community-network-coordinator", 1, Ana, "en", [country]));
        var item = (await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items.First(i => i.Kind == ItemKind.Competency).Id;
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), [item]);
        await workshop.AddActivity(vote);
        await workshop.OpenActivity(vote.Id);
        foreach (var name in new[] { "Ana Novak", "Bor Kranjc", "Cene Zupan" })
        {
            var joined = (await workshop.JoinMany([new JoinRequest(name, "en", ImmutableDictionary<string, string>.Empty.Add("country", "SI"))]))[0].Joined!;
            var ack = await grains.GetGrain<IParticipantGrain>(joined.ParticipantId).Submit(Answer.ForDots(vote.Id, 1, name, ImmutableDictionary<Guid, int>.Empty.Add(item, 1)));
            Assert.True(ack.Accepted, ack.Message);
        }
        await workshop.End();
        return id;
    }

    [Fact]
    public async Task Another_facilitator_sees_no_access_until_added_and_erasing_personal_data_keeps_the_results()
    {
        var id = await EndedWorkshop();
        var grains = App.Services.GetRequiredService<IGrainFactory>();

        var bor = await Browser.NewPage("en-US", 1400, 900);
        await SignIn(bor, Bor, "/workshops");
        await Expect(bor.GetByRole(AriaRole.Link, new() { Name = "Focus group Izola" })).ToHaveCountAsync(0);
        await Chromium.GoToInteractive(bor, new Uri(BaseAddress, $"/workshops/{id}"));
        await Expect(bor.GetByRole(AriaRole.Heading, new() { Name = "No access" })).ToBeVisibleAsync();
        await Expect(bor.GetByText("Focus group Izola")).ToHaveCountAsync(0);

        var ana = await Browser.NewPage("en-US", 1400, 900);
        await SignIn(ana, Ana, "/workshops");
        await ana.GetByRole(AriaRole.Link, new() { Name = "Focus group Izola" }).ClickAsync();
        await Expect(ana.GetByTestId("facilitators")).ToContainTextAsync(Ana);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add a co-facilitator" }).ClickAsync();
        await FillCounted(ana.Locator("#dialog-text"), "nobody@example.org", 280);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ana.GetByText("No facilitator has this email.")).ToBeVisibleAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add a co-facilitator" }).ClickAsync();
        await FillCounted(ana.Locator("#dialog-text"), Bor, 280);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ana.GetByTestId("facilitators")).ToContainTextAsync($"{Ana}, {Bor}");

        await ana.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" }).ClickAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true }).ClickAsync();
        await Expect(ana.GetByTestId("erased")).ToContainTextAsync("Personal data erased");
        await Chromium.Screenshot(ana, "27-console-erased");

        var record = (await grains.GetGrain<IWorkshopGrain>(id).GetRecord())!;
        Assert.All(record.Participants, p => Assert.Equal((null, 0), (p.DisplayName, p.Segments.Count)));
        Assert.Equal(3, record.Workshop.Activities[0].ClosedRounds[0].DotVote!.Respondents);

        await Chromium.GoToInteractive(bor, new Uri(BaseAddress, $"/workshops/{id}"));
        await Expect(bor.GetByRole(AriaRole.Heading, new() { Name = "Focus group Izola" })).ToBeVisibleAsync();
    }
}
