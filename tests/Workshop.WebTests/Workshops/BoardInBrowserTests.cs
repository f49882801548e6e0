using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>A group of four builds a board: three phones post, the facilitator reveals, clusters by dragging, the group votes.</summary>
public sealed class BoardInBrowserTests(Chromium chromium) : BrowserTest(chromium, "facilitator@example.org")
{
    [Fact]
    public async Task A_facilitator_clusters_the_notes_by_dragging_links_a_cluster_the_group_votes_and_the_projector_shows_the_result()
    {
        var grains = App.Services.GetRequiredService<IGrainFactory>();
        var console = await Browser.NewPage("en-US", 1500, 1000);
        await SignIn(console, "facilitator@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Vision board Maribor", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();
        await Choose(console, "Kind", "Board");
        await FillCounted(console.Locator("#activity-title"), "Our shared vision", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await console.Locator("li[data-activity='Our shared vision']").GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(console.GetByTestId("current-title")).ToHaveTextAsync("Our shared vision");

        var workshopId = (await grains.GetGrain<IJoinCodeGrain>(code).Resolve())!.Value;
        var workshop = grains.GetGrain<IWorkshopGrain>(workshopId);

        // Three phones post their notes; they stay private until the facilitator reveals the board.
        var texts = new[] { "Every job seeker has a mentor", "Mentors for everyone looking for work", "<b>Employers</b> and NGOs plan together" };
        var phones = new List<IPage>();
        foreach (var text in texts)
        {
            var phone = await Browser.NewPage("en-US", 360, 740);
            await phone.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
            await phone.Locator("body[data-connection=connected]").WaitForAsync();
            await phone.Locator("#join-form button[type=submit]").ClickAsync();
            await phone.Locator("body[data-screen=board]").WaitForAsync();
            var compose = phone.Locator("section.prompt").First.Locator("form.compose");
            await compose.Locator("textarea").FillAsync(text);
            await compose.Locator("button[type=submit]").ClickAsync();
            await Expect(phone.Locator("section.prompt").First.Locator(".note")).ToHaveCountAsync(1);
            phones.Add(phone);
        }
        await Expect(phones[0].Locator(".note")).ToHaveCountAsync(1);
        await Chromium.Screenshot(phones[2], "39-board-phone-private-note");

        await Expect(console.Locator(".note")).ToHaveCountAsync(3);
        foreach (var name in new[] { "Mentoring", "Partnerships" })
        {
            await FillCounted(console.Locator("#cluster-name"), name, BoardRules.MaxClusterNameLength);
            await console.GetByRole(AriaRole.Button, new() { Name = "Add cluster" }).ClickAsync();
            await Expect(console.Locator($".cluster[data-cluster='{name}']")).ToBeVisibleAsync();
        }
        var cluster = console.Locator(".cluster[data-cluster='Mentoring']");
        var partnerships = console.Locator(".cluster[data-cluster='Partnerships']");
        await console.Locator($".note[data-note='{texts[0]}']").DragToAsync(cluster);
        await Expect(cluster.Locator(".note")).ToHaveCountAsync(1);
        await console.Locator($".note[data-note='{texts[1]}']").DragToAsync(cluster);
        await Expect(cluster.Locator(".note")).ToHaveCountAsync(2);
        await console.Locator($".note[data-note='{texts[2]}']").DragToAsync(partnerships);
        await Expect(partnerships.Locator(".note-text, .text")).ToHaveTextAsync(texts[2]);
        await Chromium.Screenshot(console, "40-board-console-clustered");

        // Link the cluster to competency 1.6.2 through the search picker.
        await cluster.GetByRole(AriaRole.Button, new() { Name = "Link to a competency" }).ClickAsync();
        await PickInAutocomplete(console, "#item-search", "1.6.2");
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        await Expect(cluster.Locator(".linked")).ToContainTextAsync("1.6.2");

        // Reveal: every phone sees all notes, grouped under the clusters; then the group votes on the clusters.
        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();
        await Expect(phones[1].Locator(".note")).ToHaveCountAsync(3);
        await Expect(phones[1].Locator(".cluster h4")).ToHaveTextAsync(["Mentoring", "Partnerships"]);
        await console.GetByRole(AriaRole.Button, new() { Name = "on clusters" }).ClickAsync();
        var votes = new[] { (Mentoring: 2, Partnerships: 1), (Mentoring: 2, Partnerships: 0), (Mentoring: 0, Partnerships: 2) };
        foreach (var (phone, vote) in phones.Zip(votes))
        {
            var cards = phone.Locator("#activity .card");
            await Expect(cards).ToHaveCountAsync(2);
            for (var i = 0; i < vote.Mentoring; i++) await cards.Nth(0).Locator("button.step").Last.ClickAsync();
            for (var i = 0; i < vote.Partnerships; i++) await cards.Nth(1).Locator("button.step").Last.ClickAsync();
            await phone.Locator("#save[data-state=saved]").WaitForAsync();
        }
        await Chromium.Screenshot(phones[0], "41-board-phone-voting");

        var state = (await workshop.GetState())!;
        var projector = await Browser.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(BaseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString(state.DisplayKey)}"));
        await Expect(projector.Locator(".results .bar-row").First).ToContainTextAsync("Mentoring");
        await Expect(projector.Locator(".results .bar-row").First).ToContainTextAsync("4 votes");
        await Chromium.Screenshot(projector, "41-board-projector-results");
        await Expect(cluster.Locator(".votes")).ToHaveTextAsync("4 votes");

        // The facilitator turns a note into a proposal: a new competency under 1.6, with the note's cluster votes as provenance.
        await console.Locator($".note[data-note='{texts[0]}']").GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        var dialog = console.GetByRole(AriaRole.Dialog);
        await PickInAutocomplete(console, "#proposal-item", "1.6.2");
        await FillCounted(dialog.Locator("#proposal-text"), "Finds a mentor for every job seeker", 280);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Propose", Exact = true }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(console.GetByText("The proposal waits for the model owner.")).ToBeVisibleAsync();

        await console.Locator(".controls").GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(console.Locator(".current-activity > p.meta")).ToContainTextAsync("closed");
        var item = (await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items.Single(i => i.Code == "1.6.2");
        // The console shows "closed" with the snapshot; the board's outcome (evidence, then the proposals' votes) is written right after it.
        var proposals = grains.GetGrain<IProposalsGrain>("community-network-coordinator");
        await Until(async () => (await proposals.List()).Any(p => p.Provenance.Votes > 0));
        var evidence = await grains.GetGrain<IItemEvidenceGrain>("community-network-coordinator").For(item.Id);
        var onBoard = Assert.Single(evidence, e => e.WorkshopId == workshopId);
        Assert.Equal((ActivityKind.Board, 4.0, 2.0), (onBoard.Method, onBoard.Statistics["votes"], onBoard.Statistics["notes"]));
        var proposal = Assert.Single(await proposals.List());
        Assert.Equal((ProposalKind.NewCompetency, item.Id, "Finds a mentor for every job seeker", 4), (proposal.Kind, proposal.Item, proposal.Labels.Values.Single(), proposal.Provenance.Votes));

        // Both appear on the framework item they were linked to.
        await console.GotoAsync(new Uri(BaseAddress, "/frameworks/community-network-coordinator").ToString());
        await console.Locator("[data-interactive]").WaitForAsync();
        await console.Locator("#search").FillAsync("1.6.2");
        var outcomes = console.GetByTestId("outcomes-1.6.2");
        await Expect(outcomes).ToContainTextAsync("1 result · 1 proposal");
        await outcomes.Locator("summary").ClickAsync();
        await Expect(outcomes).ToContainTextAsync("Vision board Maribor");
        await Expect(outcomes).ToContainTextAsync("Finds a mentor for every job seeker");
        await Chromium.Screenshot(console, "42-framework-item-outcomes");
    }
}
