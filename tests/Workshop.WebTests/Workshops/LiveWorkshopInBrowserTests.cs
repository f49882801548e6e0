using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>A facilitator runs a workshop from the console while the projector follows it.</summary>
public sealed class LiveWorkshopInBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly WorkshopApp app = new();
    private Uri baseAddress = default!;

    public async Task InitializeAsync()
    {
        baseAddress = app.StartKestrel();
        await app.Services.GetRequiredService<FirstAdministrator>().Create("facilitator@example.org", "correct-horse-42");
    }

    public async Task DisposeAsync()
    {
        await chromium.CloseContexts();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_facilitator_creates_a_workshop_builds_an_agenda_opens_a_dot_vote_and_the_projector_shows_the_code()
    {
        var console = await chromium.NewPage("en-US", 1400, 1000);
        await SignIn(console, "/workshops");
        await console.Locator("#workshop-title").FillAsync("Focus group Ljubljana");
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Focus group Ljubljana" })).ToBeVisibleAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();
        Assert.Matches("^[A-HJKMNP-Z2-9]{6}$", code);

        await console.Locator("#activity-title").FillAsync("Which leadership competencies are key?");
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        var activity = console.Locator("li[data-activity='Which leadership competencies are key?']");
        await Expect(activity).ToContainTextAsync("Dot vote");
        await activity.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(console.GetByTestId("current-title")).ToHaveTextAsync("Which leadership competencies are key?");
        await Chromium.Screenshot(console, "20-console-open");

        var workshopId = (await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IJoinCodeGrain>(code).Resolve())!.Value;
        var state = (await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(workshopId).GetState())!;
        var projector = await chromium.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(baseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString(state.DisplayKey)}"));
        await Expect(projector.GetByTestId("join-code")).ToHaveTextAsync(code);
        await Expect(projector.GetByTestId("activity-title")).ToContainTextAsync("Which leadership competencies are key?");
        await Chromium.Screenshot(projector, "21-projector-join");

        var forged = await chromium.NewPage("en-US");
        await forged.GotoAsync(new Uri(baseAddress, $"/display/{workshopId}?key=guess").ToString());
        await Expect(forged.GetByText("This display link is not valid.")).ToBeVisibleAsync();
    }

    private async Task SignIn(IPage page, string returnUrl)
    {
        await page.GotoAsync(new Uri(baseAddress, $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}").ToString());
        await page.GetByLabel("Email").FillAsync("facilitator@example.org");
        await page.GetByLabel("Password").FillAsync("correct-horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).Last.ClickAsync();
        await page.Locator("[data-interactive]").WaitForAsync();
    }
}
