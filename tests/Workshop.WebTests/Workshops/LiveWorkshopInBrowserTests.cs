using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>A facilitator runs a workshop from the console while the projector follows it.</summary>
public sealed class LiveWorkshopInBrowserTests(Chromium chromium) : BrowserTest(chromium, "facilitator@example.org")
{
    [Fact]
    public async Task A_facilitator_creates_a_workshop_builds_an_agenda_opens_a_dot_vote_and_the_projector_shows_the_code()
    {
        var console = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(console, "facilitator@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Focus group Ljubljana", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Focus group Ljubljana" })).ToBeVisibleAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();
        Assert.Matches("^[A-HJKMNP-Z2-9]{6}$", code);

        await FillCounted(console.Locator("#activity-title"), "Which leadership competencies are key?", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        var activity = console.Locator("li[data-activity='Which leadership competencies are key?']");
        await Expect(activity).ToContainTextAsync("Dot vote");
        await activity.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(console.GetByTestId("current-title")).ToHaveTextAsync("Which leadership competencies are key?");
        await Chromium.Screenshot(console, "20-console-open");

        var workshopId = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IJoinCodeGrain>(code).Resolve())!.Value;
        var state = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(workshopId).GetState())!;
        var projector = await Browser.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(BaseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString(state.DisplayKey)}"));
        await Expect(projector.GetByTestId("join-code")).ToHaveTextAsync(code);
        await Expect(projector.GetByTestId("activity-title")).ToContainTextAsync("Which leadership competencies are key?");
        await Chromium.Screenshot(projector, "21-projector-join");

        var forged = await Browser.NewPage("en-US");
        await forged.GotoAsync(new Uri(BaseAddress, $"/display/{workshopId}?key=guess").ToString());
        await Expect(forged.GetByText("This display link is not valid.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_phone_is_told_to_wait_until_the_facilitator_lets_participants_join_and_then_gets_in()
    {
        var console = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(console, "facilitator@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Focus group Koper", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();
        await Expect(console.GetByText("Participants can join once you let them in or open the first activity.")).ToBeVisibleAsync();

        var phone = await Browser.NewPage("en-US", 360, 740);
        await phone.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await phone.Locator("body[data-connection=connected]").WaitForAsync();
        await phone.Locator("#join-form button[type=submit]").ClickAsync();
        await Expect(phone.Locator("#join-error")).ToContainTextAsync("not started");
        await Chromium.Screenshot(phone, "19-phone-workshop-not-started");

        await console.GetByRole(AriaRole.Button, new() { Name = "Let participants join" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Button, new() { Name = "Let participants join" })).ToHaveCountAsync(0);
        await phone.Locator("#join-form button[type=submit]").ClickAsync();
        await phone.Locator("body[data-screen=waiting]").WaitForAsync();
        await Expect(console.GetByTestId("participant-count")).ToContainTextAsync("1");
    }

    [Fact]
    public async Task A_facilitator_and_three_phones_run_a_dot_vote_and_a_rating_round_and_the_projector_shows_the_revealed_results()
    {
        var console = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(console, "facilitator@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Focus group Nova Gorica", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();
        await AddActivity(console, "Dot vote", "Key leadership competencies");
        await AddActivity(console, "Rating", "Importance and development");
        await console.Locator("li[data-activity='Key leadership competencies']").GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        var workshopId = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IJoinCodeGrain>(code).Resolve())!.Value;
        var displayKey = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(workshopId).GetState())!.DisplayKey;
        var projector = await Browser.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(BaseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString(displayKey)}"));

        var phones = new List<IPage>();
        foreach (var (name, locale) in new[] { ("Ana", "sl-SI"), ("Marco", "en-US"), ("Claire", "en-US") })
        {
            var phone = await Browser.NewPage(locale, 360, 740);
            await phone.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
            await phone.Locator("body[data-connection=connected]").WaitForAsync();
            await phone.Locator("#name").FillAsync(name);
            await phone.Locator("#join-form button[type=submit]").ClickAsync();
            await phone.Locator("body[data-screen=dotVote]").WaitForAsync();
            phones.Add(phone);
        }
        await Expect(console.GetByTestId("participant-count")).ToContainTextAsync("3");
        await Expect(projector.GetByTestId("participant-count")).ToContainTextAsync("3");

        // Everyone puts two dots on the first item; Ana and Marco one more on the second.
        foreach (var (phone, index) in phones.Select((p, i) => (p, i)))
        {
            var cards = phone.Locator("#activity .card");
            await cards.Nth(0).Locator("button.step").Last.ClickAsync();
            await cards.Nth(0).Locator("button.step").Last.ClickAsync();
            if (index < 2) await cards.Nth(1).Locator("button.step").Last.ClickAsync();
            await phone.Locator("#save[data-state=saved]").WaitForAsync();
        }
        await Chromium.Screenshot(phones[0], "22-phone-dots");
        await Expect(console.GetByTestId("respondents")).ToContainTextAsync("3 / 3");
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();

        await Expect(projector.Locator(".results .bar-row")).ToHaveCountAsync(10);
        await Expect(projector.Locator(".results .bar-row").First).ToContainTextAsync("6 · 100");
        await Expect(projector.Locator(".results .bar-row").Nth(1)).ToContainTextAsync("2 · 67");
        await Chromium.Screenshot(projector, "23-projector-dot-vote-results");
        await phones[1].Locator("body[data-screen=results]").WaitForAsync();
        await Chromium.Screenshot(phones[1], "24-phone-dot-vote-results");

        // The rating round: each phone rates the first two items on both scales.
        await console.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(console.GetByTestId("current-title")).ToHaveTextAsync("Importance and development");
        foreach (var (phone, index) in phones.Select((p, i) => (p, i)))
        {
            await phone.Locator("body[data-screen=rating]").WaitForAsync();
            var cards = phone.Locator("#activity .card");
            for (var item = 0; item < 2; item++)
            {
                await cards.Nth(item).Locator("fieldset").Nth(0).GetByRole(AriaRole.Button, new() { Name = $"{5 - item}", Exact = true }).ClickAsync();
                await cards.Nth(item).Locator("fieldset").Nth(1).GetByRole(AriaRole.Button, new() { Name = $"{2 + item + index % 2}", Exact = true }).ClickAsync();
            }
            await phone.Locator("#save[data-state=saved]").WaitForAsync();
        }
        await Chromium.Screenshot(phones[2], "25-phone-rating");
        await Expect(console.GetByTestId("respondents")).ToContainTextAsync("3 / 3");
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();

        await Expect(projector.Locator(".results .bar-row").First).ToContainTextAsync("5.0 · n 3");
        await Expect(projector.Locator(".matrix .point")).ToHaveCountAsync(2);
        await Chromium.Screenshot(projector, "26-projector-rating-results");
        await Chromium.Screenshot(console, "27-console-rating-results");
    }

    private static async Task AddActivity(IPage console, string kind, string title)
    {
        await Choose(console, "Kind", kind);
        await FillCounted(console.Locator("#activity-title"), title, 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Expect(console.Locator($"li[data-activity='{title}']")).ToBeVisibleAsync();
    }
}
