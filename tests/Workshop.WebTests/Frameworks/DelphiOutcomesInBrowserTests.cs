using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>Delphi rounds in the model: the framework page, the comparison of two countries, the proposal review's filter and the report.</summary>
public sealed class DelphiOutcomesInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";
    private const string FrameworkId = DelphiWorkshop.FrameworkId;

    private static ItemEvidence Round(Guid workshop, Guid activity, Guid item, int round, string? segment, int n, ConsensusStatus status, double agreement, double disagreement, double iqr) =>
        new(item, workshop, "Delphi SI + IT", activity, round, ActivityKind.Rating, n,
            ImmutableDictionary<string, double>.Empty.Add("importance.mean", 3 + 2 * agreement).Add("importance.agreement", agreement).Add("importance.iqr", iqr),
            segment, DateTimeOffset.UtcNow.AddDays(round - 3), new ConsensusRule(), new ItemConsensus(item, "importance", status, n, agreement, disagreement, 4, iqr));

    private static Proposal Rewording(Guid item, string text) =>
        new(Guid.NewGuid(), ProposalKind.Rewording, item, null, ImmutableDictionary<string, string>.Empty.Add("en", text), null,
            new ProposalProvenance(Guid.NewGuid(), "Delphi SI + IT", null, null, Facilitator, 2), ProposalStatus.Pending, DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_model_shows_each_items_consensus_the_comparison_sets_the_countries_side_by_side_and_the_review_filters_by_it()
    {
        var competencies = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(2).ToList();
        var (agreed, rejected) = (competencies[0], competencies[1]);
        var (workshop, activity) = (Guid.NewGuid(), Guid.NewGuid());
        // Slovenia and Italy answered the same rounds: the first item reached consensus overall and in Slovenia, not in Italy.
        await Grains.GetGrain<IItemEvidenceGrain>(FrameworkId).Record([
            Round(workshop, activity, agreed.Id, 1, null, 8, ConsensusStatus.NoConsensus, 0.625, 0.125, 2),
            Round(workshop, activity, agreed.Id, 2, null, 8, ConsensusStatus.In, 0.82, 0, 1),
            Round(workshop, activity, agreed.Id, 2, "country=SI", 4, ConsensusStatus.In, 1, 0, 0.5),
            Round(workshop, activity, agreed.Id, 2, "country=IT", 4, ConsensusStatus.NoConsensus, 0.5, 0, 1.5),
            Round(workshop, activity, rejected.Id, 2, null, 8, ConsensusStatus.Out, 0.125, 0.875, 1),
            Round(workshop, activity, rejected.Id, 2, "country=SI", 4, ConsensusStatus.Out, 0, 1, 1),
            Round(workshop, activity, rejected.Id, 2, "country=IT", 4, ConsensusStatus.Out, 0.25, 0.75, 1),
        ]);
        await Grains.GetGrain<IProposalsGrain>(FrameworkId).Submit(Rewording(agreed.Id, "Listens first"));
        await Grains.GetGrain<IProposalsGrain>(FrameworkId).Submit(Rewording(rejected.Id, "Drop this one"));

        var page = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(page, Facilitator, $"/frameworks/{FrameworkId}");
        await page.Locator("#search").FillAsync(agreed.Code);
        await Expect(page.GetByTestId($"consensus-{agreed.Code}")).ToHaveTextAsync("consensus in round 2 (82%, IQR 1)");
        await Chromium.Screenshot(page, "delphi-01-framework-consensus");
        await page.Locator("#search").FillAsync(rejected.Code);
        await Expect(page.GetByTestId($"consensus-{rejected.Code}")).ToHaveTextAsync("consensus out in round 2 (88%, IQR 1)");

        await page.GotoAsync(new Uri(BaseAddress, $"/frameworks/{FrameworkId}/compare").ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
        await page.GetByLabel("Delphi SI + IT").CheckAsync();
        await page.GetByLabel("Rating: importance").CheckAsync();
        await page.GetByLabel("By country").CheckAsync();
        var consensus = page.GetByTestId("consensus");
        await Expect(consensus.Locator("thead th.value")).ToHaveTextAsync(["IT", "SI"]);
        await Expect(consensus.Locator($"tr[data-item='{agreed.Code}'] td.value .status")).ToHaveTextAsync(["no consensus", "consensus in"]);
        await Expect(consensus.Locator($"tr[data-item='{agreed.Code}'] td.value .figures")).ToHaveTextAsync(["Round 2 · 50% · IQR 1.5 · n 4", "Round 2 · 100% · IQR 0.5 · n 4"]);
        await Expect(consensus.Locator($"tr[data-item='{agreed.Code}']")).ToContainTextAsync("The groups reached different consensus.");
        await Expect(consensus.Locator($"tr[data-item='{rejected.Code}']")).Not.ToContainTextAsync("different consensus");
        await Chromium.Screenshot(page, "delphi-02-comparison-by-country");

        await page.GotoAsync(new Uri(BaseAddress, $"/frameworks/{FrameworkId}/proposals").ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GetByTestId("consensus-filter").GetByLabel("consensus in").CheckAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Listens first");
        await Expect(rows).ToContainTextAsync("consensus in round 2 (82%, IQR 1)");
        await Chromium.Screenshot(page, "delphi-03-proposals-consensus-in");
        await page.GetByTestId("consensus-filter").GetByLabel("consensus out").CheckAsync();
        await Expect(rows).ToContainTextAsync("Drop this one");
        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, $"/frameworks/{FrameworkId}/proposals?consensus=out").ToString());
        await page.GetByTestId("consensus-filter").GetByLabel("no consensus").CheckAsync();
        await Expect(rows).ToContainTextAsync("No proposal yet.");
    }

    [Fact]
    public async Task The_report_of_delphi_rounds_prints_a_chart_and_the_figures_per_item()
    {
        var (id, activity) = await DelphiWorkshop.Run(Grains, Facilitator, "Delphi Piran");

        var page = await Browser.NewPage("en-US", 1000, 1400);
        await SignIn(page, Facilitator, "/");
        await page.GotoAsync(new Uri(BaseAddress, $"/workshops/{id}/report").ToString());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delphi rounds" })).ToBeVisibleAsync();
        foreach (var item in activity.Items)
        {
            var chart = page.Locator($"section[data-item='{item.Code}'] svg.trend");
            await Expect(chart).ToBeVisibleAsync();
            await Expect(chart.Locator("circle")).ToHaveCountAsync(2);
        }
        await page.Locator($"[data-delphi='{activity.Id}']").ScrollIntoViewIfNeededAsync();
        await Chromium.Screenshot(page, "delphi-04-report");
    }
}
