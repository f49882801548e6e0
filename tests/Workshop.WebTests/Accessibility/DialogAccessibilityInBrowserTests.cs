using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Workshop.WebTests.Accessibility.AccessibilityChecks;

namespace Workshop.WebTests.Accessibility;

/// <summary>The dialogs the console and the framework pages open meet WCAG 2.1 AA in English and Slovenian, and a facilitator works them with the keyboard alone (issue 12).</summary>
public sealed class DialogAccessibilityInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";
    private const string FrameworkId = "community-network-coordinator";
    private const string Note = "Mentors for every job seeker";

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("sl-SI", "sl")]
    public async Task Every_dialog_of_the_console_and_the_framework_pages_and_the_add_activity_form_with_the_Delphi_rule_have_no_serious_axe_violations(string locale, string language)
    {
        string T(string key) => Text(language, key);
        var workshop = await OpenBoardWithANoteAndACluster();
        await Grains.GetGrain<IFrameworkGrain>(FrameworkId).StartDraft(Facilitator);
        var page = await Browser.NewPage(locale, 1280, 800);
        var violations = new List<string>();
        async Task Check(ILocator opener, string view)
        {
            await opener.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog).ToBeVisibleAsync();
            await page.EvaluateAsync("() => Promise.allSettled(document.getAnimations().filter(a => a.effect?.getTiming().iterations !== Infinity).map(a => a.finished))");
            violations.AddRange(await SeriousViolations(page, $"dialog-{view}-{language}", dialog));
            await dialog.GetByRole(AriaRole.Button, new() { Name = T("Cancel"), Exact = true }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
        }

        await SignIn(page, Facilitator, $"/workshops/{workshop}", language: language);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("Agenda") })).ToBeVisibleAsync();
        await Choose(page, T("Kind"), T("ActivityKind.Rating"));
        await page.GetByText(T("Delphi: consensus rule")).ClickAsync();
        await Expect(page.Locator("#rule-agreement")).ToBeVisibleAsync();
        violations.AddRange(await SeriousViolations(page, $"add-activity-delphi-{language}"));

        await Check(page.GetByRole(AriaRole.Button, new() { Name = T("Add a co-facilitator") }), "co-facilitator");
        await Check(page.GetByRole(AriaRole.Button, new() { Name = T("Propose a change to the model"), Exact = true }), "proposal");
        var note = page.Locator($".note[data-note='{Note}']");
        await Check(note.GetByRole(AriaRole.Button, new() { Name = T("Edit"), Exact = true }), "note-text");
        await Check(note.GetByRole(AriaRole.Button, new() { Name = T("Link"), Exact = true }), "item-picker");
        await Check(note.GetByRole(AriaRole.Button, new() { Name = T("Propose"), Exact = true }), "note-proposal");
        var cluster = page.Locator(".cluster[data-cluster='Mentoring']");
        await Check(cluster.GetByRole(AriaRole.Button, new() { Name = T("Rename"), Exact = true }), "cluster-name");
        await Check(cluster.GetByRole(AriaRole.Button, new() { Name = T("Link to a competency"), Exact = true }), "cluster-item-picker");
        var end = page.GetByRole(AriaRole.Button, new() { Name = T("End workshop") });
        await Check(end, "end-workshop");
        await end.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = T("End workshop") }).ClickAsync();
        await Check(page.GetByRole(AriaRole.Button, new() { Name = T("Erase personal data") }), "erase-personal-data");

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/frameworks/{FrameworkId}?version=2"));
        var row = page.Locator("ul.tree > li").First.Locator(":scope > .row");
        await Check(row.GetByRole(AriaRole.Button, new() { Name = T("Edit"), Exact = true }), "item-edit");
        await Check(row.GetByRole(AriaRole.Button, new() { Name = T("Add a sub-item"), Exact = true }), "item-add-child");
        await Check(row.GetByRole(AriaRole.Button, new() { Name = T("Move under…"), Exact = true }), "item-move");
        await Check(row.GetByRole(AriaRole.Button, new() { Name = T("Delete"), Exact = true }), "item-delete");
        await Check(page.GetByRole(AriaRole.Button, new() { Name = T("Add a top-level item") }), "item-add");
        await Check(page.GetByRole(AriaRole.Button, new() { Name = T("Publish"), Exact = true }), "publish");

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/frameworks/{FrameworkId}/proposals"));
        var proposal = page.Locator("tbody tr").First;
        await Check(proposal.GetByRole(AriaRole.Button, new() { Name = T("Accept"), Exact = true }), "proposal-accept");
        await Check(proposal.GetByRole(AriaRole.Button, new() { Name = T("Reject"), Exact = true }), "proposal-reject");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_facilitator_adds_a_co_facilitator_with_the_keyboard_alone_the_focus_shows_and_returns_to_the_button_and_Escape_changes_nothing()
    {
        await CreateFacilitators("colleague@example.org");
        var workshop = await OpenBoardWithANoteAndACluster();
        var page = await Browser.NewPage("en-US", 1280, 800);
        await SignIn(page, Facilitator, $"/workshops/{workshop}");
        var facilitators = page.GetByTestId("facilitators");

        var opener = page.GetByRole(AriaRole.Button, new() { Name = "Add a co-facilitator" });
        await TabTo(page, opener);
        await AssertFocusShows(opener);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add a co-facilitator" });
        var field = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Add a co-facilitator" });
        // MudBlazor's focus trap focuses the dialog itself (screen readers read its title); Tab leads into the field.
        await TabTo(page, field);
        await AssertFocusShows(field);
        await page.Keyboard.TypeAsync("colleague@example.org");
        await Expect(dialog.GetByText("21 / 280", new() { Exact = true })).ToBeVisibleAsync();
        var save = dialog.GetByRole(AriaRole.Button, new() { Name = "Save" });
        await TabTo(page, save);
        await AssertFocusShows(save);
        await Chromium.Screenshot(page, "a11y-keyboard-dialog-save");
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(facilitators).ToContainTextAsync("colleague@example.org");
        await Expect(opener).ToBeFocusedAsync();

        // Escape closes the dialog with what was typed in it, and the focus is back where it was.
        await page.Keyboard.PressAsync("Enter");
        await TabTo(page, field);
        await page.Keyboard.TypeAsync("nobody@example.org");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
        Assert.Equal([Facilitator, "colleague@example.org"], await Grains.GetGrain<IWorkshopGrain>(workshop).GetFacilitators());
        await Expect(page.GetByText("No facilitator has this email.")).ToHaveCountAsync(0);
    }

    /// <summary>A started workshop whose open board has a facilitator's note and a cluster, and a proposal waiting for the model owner.</summary>
    private async Task<Guid> OpenBoardWithANoteAndACluster()
    {
        var id = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(id);
        await workshop.Create(new CreateWorkshop("Accessible board", FrameworkId, 1, Facilitator, "en", []));
        var board = ActivityDefinition.Board(Guid.NewGuid(), Title("Naša skupna vizija", "Our shared vision"), [BoardTemplates.SharedVision]);
        await workshop.AddActivity(board);
        await workshop.Start();
        await workshop.OpenActivity(board.Id);
        await Grains.GetGrain<IBoardGrain>(board.Id).PostAsFacilitator(Facilitator, BoardTemplates.SharedVision.Key, Note);
        await Grains.GetGrain<IBoardGrain>(board.Id).CreateCluster(Facilitator, "Mentoring");
        var item = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.First(i => i.Kind == ItemKind.Competency);
        await workshop.Propose(Facilitator, new ProposalDraft(ProposalKind.Rewording, item.Id, null, ImmutableDictionary<string, string>.Empty.Add("en", "Coordinates the network"), "Shorter"));
        return id;
    }
}
