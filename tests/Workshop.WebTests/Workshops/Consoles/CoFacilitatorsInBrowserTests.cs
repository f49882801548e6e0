using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>Two facilitators run one workshop from two browsers; each console follows the other's changes.</summary>
public sealed class CoFacilitatorsInBrowserTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium)
{
    private const string Ana = "ana@example.org", Bor = "bor@example.org";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateFacilitators(Ana, Bor);
    }

    [Fact]
    public async Task An_activity_added_in_one_console_appears_in_the_co_facilitators_console_within_a_second()
    {
        var id = Guid.NewGuid();
        var workshop = App.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(id);
        await workshop.Create(new CreateWorkshop("Focus group Bled", "community-network-coordinator", 1, Ana, "en", []));
        await workshop.AddFacilitator(Ana, Bor);
        var ana = await Browser.NewPage("en-US", 1400, 1000);
        var bor = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(ana, Ana, $"/workshops/{id}");
        await SignIn(bor, Bor, $"/workshops/{id}");
        await Expect(bor.GetByRole(AriaRole.Heading, new() { Name = "Focus group Bled" })).ToBeVisibleAsync();

        await FillCounted(ana.Locator("#activity-title"), "Which competencies need development?", 200);
        var clock = Stopwatch.StartNew();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        var activity = "li[data-activity='Which competencies need development?']";
        var inAnas = Task.Run(async () => { await ana.Locator(activity).WaitForAsync(); return clock.Elapsed; });
        var inBors = Task.Run(async () => { await bor.Locator(activity).WaitForAsync(); return clock.Elapsed; });
        var (done, shown) = (await inAnas, await inBors);

        output.WriteLine($"Ana's console showed the new activity after {done.TotalMilliseconds:F0} ms, Bor's after {shown.TotalMilliseconds:F0} ms ({(shown - done).TotalMilliseconds:F0} ms later)");
        Assert.True(shown - done < TimeSpan.FromSeconds(1), $"Bor's console showed it {(shown - done).TotalMilliseconds:F0} ms after Ana's.");
        await Expect(bor.Locator(activity)).ToContainTextAsync("Dot vote");

        await bor.Locator(activity).GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(ana.GetByTestId("current-title")).ToHaveTextAsync("Which competencies need development?", new() { Timeout = 1000 });
    }
}
