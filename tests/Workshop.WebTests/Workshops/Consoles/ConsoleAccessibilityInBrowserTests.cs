using System.Collections.Immutable;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Workshop.WebTests.Accessibility.AccessibilityChecks;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>The facilitator's pages meet WCAG 2.1 AA (issue 12): axe-core finds nothing serious, the keyboard reaches everything, focus shows, the console speaks.</summary>
public sealed class ConsoleAccessibilityInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";
    private const string FrameworkId = "community-network-coordinator";

    [Fact]
    public async Task Sign_in_the_workshop_list_an_open_dot_vote_a_Delphi_round_and_the_framework_page_have_no_serious_axe_violations()
    {
        var page = await Browser.NewPage("en-US", 1366, 900);
        var violations = new List<string>();
        await page.GotoAsync(new Uri(BaseAddress, "/account/login").ToString());
        violations.AddRange(await SeriousViolations(page, "sign-in"));

        await SignIn(page, Facilitator, "/workshops");
        violations.AddRange(await SeriousViolations(page, "workshop-list"));

        var (dotVote, _) = await OpenDotVote("Accessible dot vote");
        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/workshops/{dotVote}"));
        await Expect(page.GetByTestId("current-title")).ToHaveTextAsync("Which competencies matter most?");
        violations.AddRange(await SeriousViolations(page, "console-dot-vote"));

        var (delphi, _) = await DelphiWorkshop.Run(Grains, Facilitator, "Accessible Delphi panel");
        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/workshops/{delphi}"));
        await Expect(page.GetByTestId("delphi-round")).ToBeVisibleAsync();
        violations.AddRange(await SeriousViolations(page, "console-delphi"));

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/frameworks/{FrameworkId}"));
        violations.AddRange(await SeriousViolations(page, "framework"));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_facilitator_creates_a_workshop_adds_opens_and_closes_an_activity_with_the_keyboard_alone_and_always_sees_the_focus()
    {
        var page = await Browser.NewPage("en-US", 1366, 900);
        await SignIn(page, Facilitator, "/workshops");

        // The skip link comes first (the page's heading has the focus after a navigation) and leads past the app bar into the page.
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await TabTo(page, skip, backwards: true);
        await AssertFocusShows(skip);
        await Chromium.Screenshot(page, "a11y-keyboard-skip-link");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"), "Tab after the skip link lands in the main content");

        await TabTo(page, page.Locator("#workshop-title"));
        await AssertFocusShows(page.Locator("#workshop-title"));
        await page.Keyboard.TypeAsync("Keyboard workshop");
        await Expect(page.GetByText("17 / 200", new() { Exact = true })).ToBeVisibleAsync();
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create workshop" });
        await TabTo(page, create);
        await AssertFocusShows(create);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Keyboard workshop" })).ToBeVisibleAsync();

        // The kind by arrows, then the title; back with Shift+Tab from the button to check the title is kept.
        var kind = page.GetByRole(AriaRole.Combobox, new() { Name = "Kind", Exact = true });
        await TabTo(page, kind);
        await AssertFocusShows(kind);
        await page.Keyboard.PressAsync("Enter");
        await Expect(kind).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("ArrowDown");
        await Chromium.Screenshot(page, "a11y-keyboard-kind-list");
        await page.Keyboard.PressAsync("Enter");
        await Expect(kind).ToHaveTextAsync("Rating");
        await TabTo(page, page.Locator("#activity-title"));
        await page.Keyboard.TypeAsync("Rate by keyboard");
        await Expect(page.Locator("#activity-title")).ToHaveValueAsync("Rate by keyboard");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" });
        await TabTo(page, add);
        await TabTo(page, page.Locator("#activity-title"), backwards: true);
        await TabTo(page, add);
        await page.Keyboard.PressAsync("Enter");
        var agendaEntry = page.Locator("li[data-activity='Rate by keyboard']");
        await Expect(agendaEntry).ToContainTextAsync("Rating");

        var open = agendaEntry.GetByRole(AriaRole.Button, new() { Name = "Open" });
        await TabTo(page, open);
        await AssertFocusShows(open);
        await page.Keyboard.PressAsync(" ");
        await Expect(page.GetByTestId("current-title")).ToHaveTextAsync("Rate by keyboard");
        await Chromium.Screenshot(page, "a11y-keyboard-open");

        var close = page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });
        await TabTo(page, close);
        await AssertFocusShows(close);
        await Chromium.Screenshot(page, "a11y-keyboard-focus-on-close");
        await page.Keyboard.PressAsync("Enter");
        await Expect(agendaEntry).ToContainTextAsync("closed");
    }

    [Fact]
    public async Task The_console_announces_the_answer_count_and_the_outcome_of_a_command_in_live_regions()
    {
        var (id, participant) = await OpenDotVote("Announcing console");
        var page = await Browser.NewPage("en-US", 1366, 900);
        await SignIn(page, Facilitator, $"/workshops/{id}");

        var respondents = page.GetByTestId("respondents");
        await Expect(respondents).ToHaveAttributeAsync("role", "status");
        await Expect(respondents).ToContainTextAsync("0 / 1");
        var activity = (await Grains.GetGrain<IWorkshopGrain>(id).GetState())!.Activities.Single().Definition;
        var dots = ImmutableDictionary<Guid, int>.Empty.Add(activity.Items[0], 2);
        Assert.True((await Grains.GetGrain<IParticipantGrain>(participant).Submit(Answer.ForDots(activity.Id, 1, "a11y-1", dots))).Accepted);
        await Expect(respondents).ToContainTextAsync("1 / 1");

        // MudBlazor's snackbars are alerts: screen readers read a refusal and a confirmation out at once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a co-facilitator" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await FillCounted(dialog.Locator("#dialog-text"), "nobody@example.org", 280);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "No facilitator has this email." })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose a change to the model" }).ClickAsync();
        await PickInAutocomplete(page, "#proposal-item", "1.6");
        await FillCounted(dialog.Locator("#proposal-text"), "Uses digital tools to coordinate the network", 280);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Propose", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The proposal waits for the model owner." })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "a11y-console-announcements");
    }

    /// <summary>A started workshop with one participant and its open dot vote on the first five competencies.</summary>
    private async Task<(Guid Workshop, Guid Participant)> OpenDotVote(string title)
    {
        var id = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(id);
        await workshop.Create(new CreateWorkshop(title, FrameworkId, 1, Facilitator, "en", []));
        var items = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(5).Select(i => i.Id);
        var dotVote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Which competencies matter most?"), items);
        await workshop.AddActivity(dotVote);
        await workshop.OpenActivity(dotVote.Id);
        var participant = (await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!.ParticipantId;
        return (id, participant);
    }
}
