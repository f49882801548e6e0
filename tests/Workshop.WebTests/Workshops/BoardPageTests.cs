using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// A board on the participants' phone page (wwwroot/participate) in headless Chromium at 360 px, two phones:
/// private notes, reveal, clusters, votes within the budget, results, proposals, lock and close.
/// The facilitator's side is driven through the Grains.
/// </summary>
public sealed class BoardPageTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Framework = "community-network-coordinator";
    private const string Markup = "<b>hi</b><script>x</script>";

    /// <summary>An open board: the workshop opens, reveals, locks and closes it, the board grain takes the facilitator's sorting, the room gives the snapshot.</summary>
    private async Task<(IWorkshopGrain Workshop, IBoardGrain Board, IRoomGrain Room, string Code, Guid BoardId, ImmutableList<Guid> Items)> NewBoard(bool visibleAtOnce = false)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Fokusna skupina", Framework, 1, "facilitator@example.org", "sl", null));
        var framework = await Grains.GetGrain<IFrameworkGrain>(Framework).Get();
        var items = framework!.Versions[0].Items.Where(i => i.Kind == ItemKind.Competency).Take(3).Select(i => i.Id).ToImmutableList();
        var boardId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Board(boardId, Title("Skupna vizija", "Shared vision"),
            [BoardTemplates.SharedVision, BoardTemplates.Challenges], visibleAtOnce: visibleAtOnce, voteBudget: 3, maxVotesPerTarget: 2));
        await workshop.OpenActivity(boardId);
        return (workshop, Grains.GetGrain<IBoardGrain>(boardId), Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()), created.Code, boardId, items);
    }

    /// <summary>A phone at 360 × 740 that has joined with the code and shows the board; deletions are confirmed.</summary>
    private async Task<IPage> Phone(string locale, string code, string join)
    {
        var page = await Browser.NewPage(locale, 360, 740);
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = join, Exact = true }).ClickAsync();
        await page.Locator("body[data-screen=board]").WaitForAsync();
        return page;
    }

    /// <summary>A full-page screenshot from the top, so the sticky bars sit where a person sees them.</summary>
    private static async Task Shot(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.Screenshot(page, name);
    }

    private static ILocator Prompt(IPage page, int index) => page.Locator("section.prompt").Nth(index);

    private static async Task Post(IPage page, int prompt, string text)
    {
        var section = Prompt(page, prompt);
        var compose = section.Locator("form.compose textarea");
        await compose.FillAsync(text);
        await section.Locator("form.compose button[type=submit]").ClickAsync();
        await Expect(compose).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Two_phones_post_private_notes_see_them_revealed_vote_on_clusters_within_the_budget_propose_and_stop_when_locked()
    {
        var (workshop, board, room, code, boardId, items) = await NewBoard();
        var ana = await Phone("sl-SI", code, "Pridruži se");
        var ben = await Phone("en-GB", code, "Join");
        await Expect(ana.Locator("#activity h2")).ToHaveTextAsync("Skupna vizija");
        await Expect(Prompt(ana, 0).Locator("h3")).ToHaveTextAsync("Naša skupna vizija");
        await Expect(Prompt(ben, 1).Locator("h3")).ToHaveTextAsync("Challenges");
        await Expect(ana.Locator(".board > .hint")).ToHaveTextAsync("Vaši listki ostanejo zasebni, dokler moderator ne razkrije table.");

        // A live counter while typing; Post only with some text.
        var anaVision = Prompt(ana, 0);
        await Expect(anaVision.Locator("form.compose button[type=submit]")).ToBeDisabledAsync();
        await anaVision.Locator("form.compose textarea").FillAsync("Povezana skupnost");
        await Expect(anaVision.Locator("form.compose .hint")).ToHaveTextAsync("17/280");
        await Expect(anaVision.Locator("form.compose textarea")).ToHaveAttributeAsync("maxlength", "280");
        await Shot(ana, "b-01-writing");
        await anaVision.Locator("form.compose button[type=submit]").ClickAsync();
        await Expect(anaVision.Locator(".note")).ToHaveCountAsync(1);
        await Expect(anaVision.Locator(".note .hint")).ToHaveTextAsync("Vidite ga samo vi, dokler moderator ne razkrije table.");

        // Markup in a note stays text.
        await Post(ana, 1, Markup);
        await Post(ana, 1, "Za izbris");
        var anaChallenges = Prompt(ana, 1).Locator(".note");
        await Expect(anaChallenges.First.Locator(".note-text")).ToHaveTextAsync(Markup);
        await Expect(ana.Locator(".note-text b, .note-text script")).ToHaveCountAsync(0);

        // Edit and delete one's own notes while they are private.
        await anaVision.Locator(".note").GetByRole(AriaRole.Button, new() { Name = "Uredi" }).ClickAsync();
        await anaVision.Locator(".note textarea").FillAsync("Povezana, močna skupnost");
        await Shot(ana, "b-02-editing");
        await anaVision.Locator(".note").GetByRole(AriaRole.Button, new() { Name = "Shrani" }).ClickAsync();
        await Expect(anaVision.Locator(".note .note-text")).ToHaveTextAsync("Povezana, močna skupnost");
        await anaChallenges.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Izbriši" }).ClickAsync();
        await Expect(anaChallenges).ToHaveCountAsync(1);

        await Post(ben, 0, "More mentoring for new coordinators");
        await Expect(Prompt(ben, 0).Locator(".note")).ToHaveCountAsync(1);
        await Expect(Prompt(ben, 0).Locator(".note .hint")).ToHaveTextAsync("Only you see this until the facilitator reveals the board.");
        await Shot(ana, "b-03-private-notes");
        await Shot(ben, "b-04-private-notes-en");

        var notes = (await board.Get()).Board.Notes;
        Assert.Equal(["Povezana, močna skupnost", Markup, "More mentoring for new coordinators"], notes.Select(n => n.Text));
        var (anaNote, markupNote, benNote) = (notes[0].Id, notes[1].Id, notes[2].Id);

        // Others' notes are not on a phone before the reveal (not even in its snapshot); a reload brings one's own back.
        await Expect(ben.Locator("#activity")).Not.ToContainTextAsync("Povezana");
        Assert.DoesNotContain("Povezana", await ben.EvaluateAsync<string>("localStorage.getItem('ws.snapshot')"));
        await ana.ReloadAsync();
        await ana.Locator("body[data-connection=connected]").WaitForAsync();
        await Expect(ana.Locator(".note")).ToHaveCountAsync(2);
        await Expect(anaVision.Locator(".note .note-text")).ToHaveTextAsync("Povezana, močna skupnost");

        // Revealed: everyone's notes, one's own marked, no longer editable.
        await workshop.Reveal(boardId, true);
        await Expect(ben.Locator(".note")).ToHaveCountAsync(3);
        await Expect(ben.Locator(".board > .hint")).ToHaveTextAsync("Everyone sees the notes on the board.");
        await Expect(Prompt(ben, 1).Locator(".note-text")).ToHaveTextAsync(Markup);
        await Expect(ben.Locator(".note .tag")).ToHaveTextAsync("Yours");
        await Expect(ana.Locator(".note .tag")).ToHaveCountAsync(2);
        await Expect(ana.Locator(".note").GetByRole(AriaRole.Button, new() { Name = "Uredi" })).ToHaveCountAsync(0);
        await Expect(ana.Locator(".note-text b, .note-text script")).ToHaveCountAsync(0);

        // Clusters, one linked to a competency: its notes offer a proposal.
        var together = await board.CreateCluster("facilitator", "Povezanost");
        var mentoring = await board.CreateCluster("facilitator", "Mentorstvo");
        await board.AssignNote("facilitator", anaNote, together);
        await board.AssignNote("facilitator", benNote, mentoring);
        await board.LinkToItem("facilitator", together, items[0]);
        await Expect(Prompt(ana, 0).Locator(".cluster h4")).ToHaveTextAsync(["Povezanost", "Mentorstvo"]);
        await Expect(Prompt(ben, 0).Locator(".cluster").Nth(1).Locator(".note-text")).ToHaveTextAsync("More mentoring for new coordinators");
        await Shot(ana, "b-05-revealed-clusters");
        await Shot(ben, "b-06-revealed-clusters-en");

        var propose = ana.Locator(".note .propose");
        await Expect(propose).ToHaveCountAsync(1);
        await propose.Locator("summary").ClickAsync();
        await propose.Locator("select").SelectOptionAsync("rewording");
        await propose.Locator("textarea").FillAsync("Gradi povezano in močno skupnost");
        await Shot(ana, "b-07-propose");
        await propose.GetByRole(AriaRole.Button, new() { Name = "Pošlji" }).ClickAsync();
        await Expect(propose.Locator(".ok")).ToHaveTextAsync("Predlog poslan ✓");
        var proposal = Assert.Single(await Grains.GetGrain<IProposalsGrain>(Framework).List());
        Assert.Equal((ProposalKind.Rewording, items[0], anaNote, boardId), (proposal.Kind, proposal.Item, proposal.Provenance.NoteId, proposal.Provenance.ActivityId));
        Assert.Equal("Gradi povezano in močno skupnost", proposal.Labels["sl"]);

        // Votes on the clusters: 3 in all, at most 2 on one.
        await board.OpenVoting("facilitator", BoardVoting.Clusters);
        var cards = ana.Locator("#activity .card");
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(ana.Locator(".tally")).ToHaveTextAsync("Preostali glasovi: 3 od 3");
        var plusTogether = cards.Nth(0).Locator("button.step").Last;
        var plusMentoring = cards.Nth(1).Locator("button.step").Last;
        await plusTogether.ClickAsync();
        await plusTogether.ClickAsync();
        await Expect(plusTogether).ToBeDisabledAsync();
        await plusMentoring.ClickAsync();
        await Expect(ana.Locator(".tally")).ToHaveTextAsync("Preostali glasovi: 0 od 3");
        await Expect(plusMentoring).ToBeDisabledAsync();
        await Expect(ana.Locator("#save[data-state=saved]")).ToHaveTextAsync("Shranjeno ✓");
        await plusMentoring.ClickAsync(new() { Force = true });
        await Expect(cards.Nth(1).Locator(".count")).ToHaveTextAsync("1");

        var benCards = ben.Locator("#activity .card");
        await benCards.Nth(0).Locator("button.step").Last.ClickAsync();
        await benCards.Nth(1).Locator("button.step").Last.ClickAsync();
        await benCards.Nth(1).Locator("button.step").Last.ClickAsync();
        await Expect(ben.Locator(".tally")).ToHaveTextAsync("0 of 3 votes left");
        await benCards.Nth(1).Locator("button.step").First.ClickAsync();
        await Expect(ben.Locator(".tally")).ToHaveTextAsync("1 of 3 votes left");
        await Expect(ben.Locator("#save[data-state=saved]")).ToBeVisibleAsync();

        // Revealed, but the running tally stays hidden while voting is open; when the facilitator stops the vote:
        // Povezanost 3 votes, Mentorstvo 2.
        await Expect(ana.Locator(".results .result")).ToHaveCountAsync(0);
        await board.OpenVoting("facilitator", BoardVoting.None);
        var rows = ana.Locator(".results .result");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Povezanost");
        await Expect(rows.Nth(0).Locator(".value")).ToHaveTextAsync("3 glasovi");
        await Expect(rows.Nth(1).Locator(".value")).ToHaveTextAsync("2 glasova");
        await Expect(ana.Locator(".results .hint")).ToHaveTextAsync("Glasovalo: 2");
        await Shot(ana, "b-08-voting-results");
        await Shot(ben, "b-09-voting-results-en");
        var results = (await room.GetSnapshot()).Current!.Results!.Board!;
        Assert.Equal([(together, 3, 1), (mentoring, 2, 2)], results.Targets.Select(r => (r.Target, r.Votes, r.Rank)));

        // Locked: nothing to post or vote, and a paused notice; the typed text waits.
        await Prompt(ana, 1).Locator("form.compose textarea").FillAsync("Še ena misel");
        await workshop.Lock(boardId, true);
        await Expect(ana.Locator(".paused").First).ToBeVisibleAsync();
        await Expect(ana.Locator(".paused").First).ToHaveTextAsync("Tabla je začasno ustavljena.");
        await Expect(Prompt(ana, 1).Locator("form.compose textarea")).ToBeDisabledAsync();
        await Expect(Prompt(ana, 1).Locator("form.compose textarea")).ToHaveValueAsync("Še ena misel");
        await Expect(Prompt(ana, 1).Locator("form.compose button[type=submit]")).ToBeDisabledAsync();
        await Expect(cards).ToHaveCountAsync(0);
        await Expect(ben.Locator("form.compose button[type=submit]").First).ToBeDisabledAsync();
        await Shot(ana, "b-10-locked");

        // Unlocked, the waiting text can be posted; closed, the board stays to read with its results.
        await workshop.Lock(boardId, false);
        await Prompt(ana, 1).Locator("form.compose button[type=submit]").ClickAsync();
        await Expect(Prompt(ana, 1).Locator("form.compose textarea")).ToHaveValueAsync("");
        await workshop.CloseActivity(boardId);
        await Expect(ana.Locator("form.compose")).ToHaveCountAsync(2);
        await Expect(ana.Locator("form.compose").First).ToBeHiddenAsync();
        await Expect(ana.Locator(".paused").Last).ToHaveTextAsync("Tabla je zaprta.");
        await Expect(ana.Locator("#activity .card")).ToHaveCountAsync(0);
        await Expect(rows).ToHaveCountAsync(2);
        await Shot(ana, "b-11-closed");
    }

    [Fact]
    public async Task Notes_visible_at_once_are_votable_refusals_are_explained_and_the_cap_per_note_holds()
    {
        var (workshop, board, room, code, boardId, _) = await NewBoard(visibleAtOnce: true);
        var page = await Phone("en-GB", code, "Join");
        await Expect(page.Locator(".board > .hint")).ToHaveTextAsync("Everyone sees the notes on the board.");

        // Visible at once: one's own note is on the board at once, marked, and cannot be edited.
        await Post(page, 0, "Shared tools");
        await Expect(page.Locator(".note .tag")).ToHaveTextAsync("Yours");
        await Expect(page.Locator(".note").GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToHaveCountAsync(0);
        await board.PostAsFacilitator("facilitator", "challenges", Markup);
        await Expect(Prompt(page, 1).Locator(".note-text")).ToHaveTextAsync(Markup);
        await Expect(Prompt(page, 1).Locator(".note .tag")).ToHaveCountAsync(0);

        // At most 6 notes a minute: the refusal is shown and the text kept for later.
        var compose = Prompt(page, 1).Locator("form.compose textarea");
        for (var i = 1; i <= 6; i++)
        {
            await compose.FillAsync($"Note {i}");
            await Prompt(page, 1).Locator("form.compose button[type=submit]").ClickAsync();
            await page.WaitForFunctionAsync("() => !document.getElementById('notice').hidden || document.querySelectorAll('section.prompt')[1].querySelector('textarea').value === ''");
            if (await page.Locator("#notice").IsVisibleAsync()) break;
        }
        await Expect(page.Locator("#notice")).ToContainTextAsync("At most 6 notes a minute");
        await Expect(compose).ToHaveValueAsync("Note 6");
        await Shot(page, "b-12-refused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();

        // Another language rebuilds the board: the unsent text stays.
        await page.GetByRole(AriaRole.Button, new() { Name = "Slovenščina" }).ClickAsync();
        await Expect(Prompt(page, 1).Locator("h3")).ToHaveTextAsync("Izzivi");
        await Expect(compose).ToHaveValueAsync("Note 6");
        await Expect(page.Locator(".note .tag").First).ToHaveTextAsync("Vaš");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        // Votes on notes: each note has its buttons, at most 2 on one.
        await board.OpenVoting("facilitator", BoardVoting.Notes);
        var first = page.Locator(".note").First;
        await Expect(first.Locator("button.step")).ToHaveCountAsync(2);
        await first.Locator("button.step").Last.ClickAsync();
        await first.Locator("button.step").Last.ClickAsync();
        await Expect(first.Locator("button.step").Last).ToBeDisabledAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("1 of 3 votes left");
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await Shot(page, "b-13-voting-on-notes");

        // A reload keeps the phone's own votes.
        await page.ReloadAsync();
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("1 of 3 votes left");
        await Expect(page.Locator(".note").First.Locator(".count")).ToHaveTextAsync("2");

        await board.OpenVoting("facilitator", BoardVoting.None);
        await workshop.Reveal(boardId, true);
        await Expect(page.Locator(".results .result").First).ToContainTextAsync("Shared tools");
        await Expect(page.Locator(".results .result").First.Locator(".value")).ToHaveTextAsync("2 votes");
        var state = (await room.GetSnapshot()).Current!.Results!.Board!;
        Assert.Equal(2, state.Targets[0].Votes);
        Assert.Equal(1, state.Voters);
    }
}
