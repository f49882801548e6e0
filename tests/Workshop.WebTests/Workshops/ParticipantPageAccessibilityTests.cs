using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Accessibility;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// WCAG 2.1 AA on the phone page and its join screen, in headless Chromium at 360 px: axe-core on every kind of screen,
/// the keyboard alone, a visible focus and the live regions a screen reader hears.
/// </summary>
public sealed class ParticipantPageAccessibilityTests(Chromium chromium) : BrowserTest(chromium)
{
    private async Task<(IWorkshopGrain Workshop, string Code, Guid[] Items)> NewWorkshop()
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Fokusna skupina", "community-network-coordinator", 1, "facilitator@example.org", "en"));
        await workshop.Start();
        var items = (await Grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items
            .Where(i => i.Kind == ItemKind.Competency).Take(3).Select(i => i.Id).ToArray();
        return (workshop, created.Code, items);
    }

    private static async Task AssertNoSeriousViolations(IPage page, string screen)
    {
        var serious = (await AccessibilityChecks.SeriousViolations(page, screen.Replace(' ', '-'))).ToList();
        Assert.True(serious.Count == 0, string.Join('\n', serious));
    }

    private static ILocator Screen(IPage page, string screen) => page.Locator($"body[data-screen={screen}]");

    [Fact]
    public async Task Axe_finds_nothing_serious_on_the_join_screen_waiting_a_dot_vote_a_Delphi_rating_and_results()
    {
        var (workshop, code, items) = await NewWorkshop();
        var page = await Browser.NewPage("en-GB", 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await Expect(page.Locator("#found")).ToBeVisibleAsync();
        await AssertNoSeriousViolations(page, "join");
        await page.GetByLabel("Join code").FillAsync("ab1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(page.Locator("#join-error")).ToBeVisibleAsync();
        await AssertNoSeriousViolations(page, "join with an error");
        await page.GetByLabel("Join code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Screen(page, "waiting").WaitForAsync();
        await AssertNoSeriousViolations(page, "waiting");

        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, Title("Ključne kompetence", "Key competencies"), items));
        await workshop.OpenActivity(dotVoteId);
        await Screen(page, "dotVote").WaitForAsync();
        await page.Locator("#activity .card button.step").Last.ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await AssertNoSeriousViolations(page, "dot vote");
        await workshop.CloseActivity(dotVoteId);
        await workshop.Reveal(dotVoteId, true);
        await Screen(page, "results").WaitForAsync();
        await AssertNoSeriousViolations(page, "results");

        // Round 2 of a rating with a consensus rule: the group's spread (the Delphi strip), Send and a reason.
        var ratingId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Rating(ratingId, Title("Pomembnost", "Importance"), items, [RatingScale.Importance])
            with { Consensus = new ConsensusRule(MinN: 3) });
        await workshop.OpenActivity(ratingId);
        await Screen(page, "rating").WaitForAsync();
        await page.Locator("#activity .card").Nth(0).GetByRole(AriaRole.Button, new() { Name = "1", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        for (var other = 0; other < 3; other++)
        {
            var joined = (await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!;
            var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty.Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(items[0], 5));
            Assert.True((await Grains.GetGrain<IParticipantGrain>(joined.ParticipantId).Submit(Answer.ForRatings(ratingId, 1, $"other-{other}", ratings))).Accepted);
        }
        await workshop.CloseActivity(ratingId);
        await workshop.OpenActivity(ratingId);
        await Expect(page.Locator(".dist").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Why? (optional)").First).ToBeVisibleAsync();
        await AssertNoSeriousViolations(page, "Delphi rating, round 2");
        await Chromium.Screenshot(page, "a11y-delphi-round-2");
    }

    [Fact]
    public async Task A_participant_joins_and_places_dots_with_the_keyboard_alone_sees_where_the_focus_is_and_hears_new_activities_and_saves()
    {
        var (workshop, code, items) = await NewWorkshop();
        var page = await Browser.NewPage("en-GB", 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, "/join").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();

        // The code field has the focus; the keyboard types the code, tabs past the name to Join and presses Enter.
        await Expect(page.Locator("#code")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(code);
        await Expect(page.Locator("#found")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#name")).ToBeFocusedAsync();
        await AssertFocusVisible(page);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#join-button")).ToBeFocusedAsync();
        await AssertFocusVisible(page);
        await page.Keyboard.PressAsync("Enter");
        await Screen(page, "waiting").WaitForAsync();
        await Expect(page.Locator("#announce")).ToHaveTextAsync("Waiting for the facilitator…");

        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, Title("Ključne kompetence", "Key competencies"), items));
        await workshop.OpenActivity(dotVoteId);
        await Screen(page, "dotVote").WaitForAsync();
        await Expect(page.Locator("#announce")).ToHaveTextAsync("Key competencies");
        Assert.Equal("polite", await page.Locator("#announce").GetAttributeAsync("aria-live"));

        // Tab reaches the first item's + (past its −, disabled at 0), Space adds a dot, Enter a second; Tab goes on to the next item's −.
        var plusFirst = page.Locator("#activity .card").Nth(0).Locator("button.step").Last;
        for (var presses = 0; presses < 12 && !await plusFirst.EvaluateAsync<bool>("b => b === document.activeElement"); presses++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(plusFirst).ToBeFocusedAsync();
        await AssertFocusVisible(page);
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Saved ✓");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#activity .card").Nth(0).Locator(".count")).ToHaveTextAsync("2");
        await Expect(page.Locator(".tally")).ToHaveTextAsync("3 of 5 dots left");
        Assert.Equal("polite", await page.Locator("#save").GetAttributeAsync("aria-live"));
        Assert.Equal("polite", await page.Locator(".tally").GetAttributeAsync("aria-live"));
        await Chromium.Screenshot(page, "a11y-keyboard-dots");

        await workshop.CloseActivity(dotVoteId);
        var results = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal((items[0], 2), (results.Items[0].Item, results.Items[0].Dots));
    }

    /// <summary>The focused control shows a ring of at least 2 px (the page's :focus-visible outline).</summary>
    private static async Task AssertFocusVisible(IPage page)
    {
        var outline = await page.EvaluateAsync<double>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }");
        Assert.True(outline >= 2, $"The focused control's outline is {outline} px.");
    }
}
