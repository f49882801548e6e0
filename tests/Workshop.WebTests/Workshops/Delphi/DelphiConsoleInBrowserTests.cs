using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops.Delphi;

/// <summary>A facilitator runs Delphi rounds from the console (issue 11): the rule and closing time set in advance, consensus, stability and reasons after each round.</summary>
public sealed class DelphiConsoleInBrowserTests(Chromium chromium) : BrowserTest(chromium, "facilitator@example.org")
{
    private static readonly TimeZoneInfo Ljubljana = TimeZoneInfo.FindSystemTimeZoneById("Europe/Ljubljana");

    /// <summary>In some days at a wall-clock hour in Ljubljana: the text a facilitator types and the instant it stands for.</summary>
    private static (string Typed, DateTimeOffset Instant) InLjubljana(int days, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Ljubljana).Date.AddDays(days).AddHours(hour);
        return (local.ToString("yyyy-MM-ddTHH:mm"), new DateTimeOffset(local, Ljubljana.GetUtcOffset(local)));
    }

    private static ImmutableDictionary<string, ImmutableDictionary<Guid, int>> Importance(IEnumerable<(Guid Item, int Value)> ratings) =>
        ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty.Add("importance", ratings.ToImmutableDictionary(r => r.Item, r => r.Value));

    [Fact]
    public async Task A_rating_with_a_rule_and_a_closing_time_runs_two_rounds_and_console_and_projector_show_consensus_stability_and_reasons()
    {
        var console = await Browser.NewPage("en-US", 1366, 768, "Europe/Ljubljana");
        await SignIn(console, "facilitator@example.org", "/workshops");
        await FillCounted(console.Locator("#workshop-title"), "Delphi panel Ljubljana", 200);
        await console.GetByRole(AriaRole.Button, new() { Name = "Create workshop" }).ClickAsync();
        var code = await console.GetByTestId("join-code").InnerTextAsync();

        // The rating on importance only, with a rule: a threshold below 50 % is named at its field and nothing is added.
        await Choose(console, "Kind", "Rating");
        await FillCounted(console.Locator("#activity-title"), "Delphi: key leadership competencies", 200);
        await console.GetByText("Need for further development (1–5)").ClickAsync();
        await console.GetByText("Delphi: consensus rule").ClickAsync();
        await console.Locator("#rule-agreement").FillAsync("40");
        await console.Locator("#rule-agreement").PressAsync("Tab");
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Expect(console.GetByText("The agreement threshold must be from 50 to 100 %.")).ToBeVisibleAsync();
        await Expect(console.Locator("li[data-activity]")).ToHaveCountAsync(0);
        await Chromium.Screenshot(console, "59-console-rule-refused");

        var closesAt = InLjubljana(2, 17);
        await console.Locator("#rule-agreement").FillAsync("75");
        await console.Locator("#rule-agreement").PressAsync("Tab");
        await console.Locator("#rule-min-n").FillAsync("3");
        await console.Locator("#rule-min-n").PressAsync("Tab");
        await console.Locator("#activity-closes-at").FillAsync(closesAt.Typed);
        await console.Locator("#activity-closes-at").BlurAsync();
        await Chromium.Screenshot(console, "58-console-add-rating-with-rule");
        await console.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        var agendaEntry = console.Locator("li[data-activity='Delphi: key leadership competencies']");
        await Expect(agendaEntry).ToBeVisibleAsync();
        var workshopId = (await Grains.GetGrain<IJoinCodeGrain>(code).Resolve())!.Value;
        var workshop = Grains.GetGrain<IWorkshopGrain>(workshopId);
        var activity = (await workshop.GetState())!.Activities.Single();
        Assert.Equal((new ConsensusRule(0.75, 1, 3, 0.15), closesAt.Instant), (activity.Definition.Consensus, activity.Definition.ClosesAt));
        await Expect(agendaEntry).ToContainTextAsync("closes");

        // Open, then move the closing time to the day after at 9:00 from the console.
        await agendaEntry.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(console.GetByTestId("closes-in")).ToContainTextAsync(" d ");
        var later = InLjubljana(3, 9);
        await console.Locator("#closes-at").FillAsync(later.Typed);
        await console.Locator("#closes-at").BlurAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Set closing time" }).ClickAsync();
        await Expect(console.GetByTestId("closes-in")).ToContainTextAsync(LocalClockText(later.Instant));
        // At some hours both closing times leave the same whole days, so the countdown alone does not show the change landed.
        await Until(async () => (await workshop.GetState())!.Activity(activity.Id)!.Definition.ClosesAt == later.Instant);
        Assert.Equal(later.Instant, (await workshop.GetState())!.Activity(activity.Id)!.Definition.ClosesAt);
        await Chromium.Screenshot(console, "60-console-round-closes-by-itself");

        var projector = await Browser.NewPage("en-US", 1920, 1080);
        await Chromium.GoToInteractive(projector, new Uri(BaseAddress, $"/display/{workshopId}?key={Uri.EscapeDataString((await workshop.GetState())!.DisplayKey)}"));

        // Round 1, five participants: the first item reaches "in", the second "out", the others no consensus.
        var items = activity.Definition.Items;
        var codes = activity.Items.ToDictionary(i => i.Id, i => i.Code);
        var participants = new List<Guid>();
        for (var person = 0; person < 5; person++)
            participants.Add((await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!.ParticipantId);
        int[] agreeing = [5, 5, 4, 5, 4], disagreeing = [1, 1, 2, 1, 2], spread = [1, 2, 3, 4, 5];
        for (var person = 0; person < 5; person++)
        {
            var ratings = items.Select((item, index) => (item, index switch { 0 => agreeing[person], 1 => disagreeing[person], _ => spread[person] }));
            var ack = await Grains.GetGrain<IParticipantGrain>(participants[person]).Submit(Answer.ForRatings(activity.Id, 1, $"r1-{person}", Importance(ratings)));
            Assert.True(ack.Accepted, ack.Message);
        }
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        var delphi = console.GetByTestId("delphi");
        await Expect(Status(delphi, codes[items[0]])).ToHaveTextAsync("consensus in");
        await Expect(Status(delphi, codes[items[1]])).ToHaveTextAsync("consensus out");
        await Expect(Status(delphi, codes[items[2]])).ToHaveTextAsync("no consensus");
        await Expect(delphi.GetByTestId("delphi-round")).ToHaveTextAsync("Round 1: 5 of 5 participants answered");
        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();
        await Expect(Status(projector.GetByTestId("delphi"), codes[items[0]])).ToHaveTextAsync("consensus in");
        await Chromium.Screenshot(console, "61-console-delphi-round-1");

        // Round 2 on the items without consensus: the third item converges (two participants move, with reasons), the others stay.
        var withoutConsensus = items.Count - 2;
        await console.GetByRole(AriaRole.Button, new() { Name = $"Run round 2 on the items without consensus ({withoutConsensus})" }).ClickAsync();
        await RoundOpen(workshop, activity.Id, 2);
        Assert.Equal(items.Skip(2), (await workshop.GetState())!.Activity(activity.Id)!.RoundItems);
        int[] converging = [4, 4, 4, 5, 4];
        for (var person = 0; person < 5; person++)
        {
            var ratings = items.Skip(2).Select((item, index) => (item, index == 0 ? converging[person] : spread[person]));
            var reasons = person switch
            {
                0 => ImmutableDictionary<Guid, string>.Empty.Add(items[2], "Volunteers coordinate the network every day."),
                1 => ImmutableDictionary<Guid, string>.Empty.Add(items[2], "The pilot in Koper showed it matters."),
                _ => null,
            };
            var answer = Answer.ForRatings(activity.Id, 2, $"r2-{person}", Importance(ratings)) with { Reasons = reasons };
            var ack = await Grains.GetGrain<IParticipantGrain>(participants[person]).Submit(answer);
            Assert.True(ack.Accepted, ack.Message);
        }
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(Status(delphi, codes[items[2]])).ToHaveTextAsync("consensus in");
        await Expect(delphi.Locator($"tr[data-item='{codes[items[0]]}']")).ToContainTextAsync("(round 1)");
        // 2 of the 5 × (items − 2) paired answers moved by more than one point.
        var moved = 2.0 / (5 * withoutConsensus);
        await Expect(delphi.GetByTestId("stability")).ToHaveTextAsync(
            $"Round 2 against round 1: {moved.ToString("P0", CultureInfo.GetCultureInfo("en-US"))} of the answers moved by more than one point: {(moved < 0.15 ? "stable" : "not stable yet")}");
        var reasonsOnItem = delphi.GetByTestId("reasons").Locator($"section[data-item='{codes[items[2]]}']");
        await Expect(reasonsOnItem.Locator("li")).ToHaveCountAsync(2);
        await Expect(reasonsOnItem).ToContainTextAsync("Volunteers coordinate the network every day.");
        await Expect(reasonsOnItem).ToContainTextAsync("The pilot in Koper showed it matters.");
        await Chromium.Screenshot(console, "62-console-delphi-round-2");

        await console.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();
        var shown = projector.GetByTestId("delphi");
        await Expect(Status(shown, codes[items[2]])).ToHaveTextAsync("consensus in");
        await Expect(shown.GetByTestId("stability")).ToContainTextAsync("Round 2 against round 1");
        await Expect(shown.GetByTestId("reasons")).ToContainTextAsync("The pilot in Koper showed it matters.");
        await Chromium.Screenshot(projector, "63-projector-delphi-round-2");
    }

    [Fact]
    public async Task A_ranking_with_a_rule_shows_consensus_by_position_and_the_change_of_Kendalls_W_after_round_two()
    {
        var workshopId = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(workshopId);
        await workshop.Create(new CreateWorkshop("Delphi panel Koper", "community-network-coordinator", 1, "facilitator@example.org", "en", []));
        var items = (await Grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id).ToList();
        var ranking = ActivityDefinition.Ranking(Guid.NewGuid(), Title("Razvrstite", "Rank the most important"), items, top: 3) with { Consensus = new ConsensusRule(MinN: 3) };
        await workshop.AddActivity(ranking);
        await workshop.OpenActivity(ranking.Id);
        var participants = new List<Guid>();
        for (var person = 0; person < 5; person++)
            participants.Add((await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!.ParticipantId);
        async Task Rank(int round, Func<int, Guid[]> order)
        {
            for (var person = 0; person < 5; person++)
                Assert.True((await Grains.GetGrain<IParticipantGrain>(participants[person]).Submit(Answer.ForRanking(ranking.Id, round, $"r{round}-{person}", [.. order(person)]))).Accepted);
        }
        var console = await Browser.NewPage("en-US", 1366, 768);
        await SignIn(console, "facilitator@example.org", $"/workshops/{workshopId}");

        // Round 1 disagrees on the second and third places; round 2 everyone ranks the same three.
        await Rank(1, person => person % 2 == 0 ? [items[0], items[1], items[2]] : [items[0], items[3], items[2]]);
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        var delphi = console.GetByTestId("delphi");
        await Expect(delphi.Locator("th").Nth(1)).ToHaveTextAsync("Position");
        await Expect(delphi.GetByTestId("status")).ToHaveCountAsync(4);
        await console.GetByRole(AriaRole.Button, new() { Name = "Run round 2", Exact = true }).ClickAsync();
        await RoundOpen(workshop, ranking.Id, 2);
        await Rank(2, _ => [items[0], items[1], items[2]]);
        await console.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();

        await Expect(delphi.GetByTestId("delphi-round")).ToHaveTextAsync("Round 2: 5 of 5 participants answered");
        await Expect(delphi.GetByTestId("stability")).ToContainTextAsync("of the answers moved by more than one place");
        await Expect(delphi.GetByTestId("stability")).ToContainTextAsync("Kendall's W +");
        await Chromium.Screenshot(console, "64-console-delphi-ranking-round-2");
    }

    /// <summary>Waits until the workshop has opened the round: a console click's command runs on the circuit, after the click returns.</summary>
    private static async Task RoundOpen(IWorkshopGrain workshop, Guid activityId, int round)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await workshop.GetState())!.Activity(activityId) is not { Status: ActivityStatus.Open } open || open.Round != round)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"round {round} did not open within 10 s of the click");
            await Task.Delay(50);
        }
    }

    private static ILocator Status(ILocator delphi, string itemCode) => delphi.Locator($"tr[data-item='{itemCode}'] [data-testid=status]");

    /// <summary>The countdown's days part for a closing time: at least one whole day ahead.</summary>
    private static string LocalClockText(DateTimeOffset closesAt) => $"{(closesAt - DateTimeOffset.UtcNow).Days} d ";
}
