using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops.Delphi;

/// <summary>
/// Issue 11's browser test: three phones rate in round 1, round 2 asks only the item without consensus with the
/// feedback strip and one reason; the console's consensus table, the projector's reasons and the framework page's
/// consensus round follow.
/// </summary>
public sealed class DelphiEndToEndInBrowserTests(Chromium chromium) : BrowserTest(chromium, "facilitator@example.org")
{
    private const string FrameworkId = "community-network-coordinator";

    [Fact]
    public async Task Three_phones_reach_consensus_in_two_rounds_and_the_console_projector_and_framework_page_show_it()
    {
        var workshopId = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(workshopId);
        var created = await workshop.Create(new CreateWorkshop("Delphi panel Nova Gorica", FrameworkId, 1, "facilitator@example.org", "en"));
        var competencies = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(3).ToList();
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Title("Pomembnost", "Importance"), competencies.Select(c => c.Id), [RatingScale.Importance])
            with { Consensus = new ConsensusRule(MinN: 3) };
        await workshop.AddActivity(rating);
        await workshop.OpenActivity(rating.Id);
        var (agreed, rejected, open) = (competencies[0].Code, competencies[1].Code, competencies[2].Code);

        var console = await Browser.NewPage("en-US", 1366, 768);
        await SignIn(console, "facilitator@example.org", $"/workshops/{workshopId}");
        var projector = await Browser.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(BaseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString(created.DisplayKey)}"));

        // Round 1: the first item 5 5 4 (in), the second 1 2 1 (out), the third 1 3 5 (no consensus).
        int[][] round1 = [[5, 1, 1], [5, 2, 3], [4, 1, 5]];
        var phones = new List<IPage>();
        foreach (var ratings in round1)
        {
            var phone = await Browser.NewPage("en-GB", 360, 740);
            await phone.GotoAsync(new Uri(BaseAddress, $"/j/{created.Code}").ToString());
            await phone.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
            await phone.Locator("body[data-screen=rating]").WaitForAsync();
            var cards = phone.Locator("#activity .card");
            for (var item = 0; item < ratings.Length; item++)
                await cards.Nth(item).GetByRole(AriaRole.Button, new() { Name = ratings[item].ToString(), Exact = true }).ClickAsync();
            await Expect(phone.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
            phones.Add(phone);
        }

        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        var delphi = console.GetByTestId("delphi");
        await Expect(Status(delphi, agreed)).ToHaveTextAsync("consensus in");
        await Expect(Status(delphi, rejected)).ToHaveTextAsync("consensus out");
        await Expect(Status(delphi, open)).ToHaveTextAsync("no consensus");
        await console.GetByRole(AriaRole.Button, new() { Name = "Run round 2 on the items without consensus (1)" }).ClickAsync();

        // Round 2 asks the third item only (group: median 3, middle half 2–4). The first phone moves from 1 to 5 and says why.
        foreach (var phone in phones)
        {
            await Expect(phone.Locator("#activity .card")).ToHaveCountAsync(1);
            await Expect(phone.Locator(".dist")).ToHaveCountAsync(1);
        }
        var first = phones[0].Locator("#activity .card");
        await Expect(first.Locator(".fed > .hint")).ToHaveTextAsync("Group in round 1: median 3, middle half 2–4 · you: 1");
        await Expect(first.Locator("button[aria-pressed=true]")).ToHaveTextAsync("1");
        await first.GetByRole(AriaRole.Button, new() { Name = "5", Exact = true }).ClickAsync();
        await first.GetByLabel("Why? (optional)").FillAsync("Without it the network falls apart in a month.");
        await Chromium.Screenshot(phones[0], "d-10-phone-round-2-reason");
        await phones[1].Locator("#activity .card").GetByRole(AriaRole.Button, new() { Name = "4", Exact = true }).ClickAsync();
        foreach (var phone in phones)
        {
            await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(phone.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        }

        // 5 4 5: consensus in round 2; the reason reaches the console and, once revealed, the projector.
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(Status(delphi, open)).ToHaveTextAsync("consensus in");
        await Expect(delphi.GetByTestId("reasons")).ToContainTextAsync("Without it the network falls apart in a month.");
        await Chromium.Screenshot(console, "d-11-console-round-2");
        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();
        await Expect(projector.GetByTestId("delphi").GetByTestId("reasons")).ToContainTextAsync("Without it the network falls apart in a month.");
        await Chromium.Screenshot(projector, "d-12-projector-reasons");

        var model = await Browser.NewPage("en-US", 1366, 900);
        await SignIn(model, "facilitator@example.org", $"/frameworks/{FrameworkId}");
        await model.Locator("#search").FillAsync(open);
        await Expect(model.GetByTestId($"consensus-{open}")).ToHaveTextAsync("consensus in round 2 (100%, IQR 0.5)");
        await model.Locator("#search").FillAsync(agreed);
        await Expect(model.GetByTestId($"consensus-{agreed}")).ToHaveTextAsync("consensus in round 1 (100%, IQR 0.5)");
        await Chromium.Screenshot(model, "d-13-framework-consensus");
    }

    private static ILocator Status(ILocator delphi, string itemCode) => delphi.Locator($"tr[data-item='{itemCode}'] [data-testid=status]");
}
