using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The participants' phone page (wwwroot/participate) end to end in headless Chromium at 360 px:
/// the facilitator's side is driven through the grains, the participant's through the page.
/// </summary>
public sealed class ParticipantPageTests(Chromium chromium) : BrowserTest(chromium)
{

    private async Task<(IWorkshopGrain Workshop, string Code, ImmutableList<Guid> Items)> NewWorkshop(ImmutableList<SegmentQuestion>? segmentQuestions = null)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Fokusna skupina", "community-network-coordinator", 1, "facilitator@example.org", "sl", segmentQuestions));
        await workshop.Start();
        var framework = await Grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get();
        var items = framework!.Versions[0].Items.Where(i => i.Kind == ItemKind.Competency).Take(5).Select(i => i.Id).ToImmutableList();
        return (workshop, created.Code, items);
    }

    private static async Task<IPage> Connected(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        return page;
    }

    private static ILocator Screen(IPage page, string screen) => page.Locator($"body[data-screen={screen}]");

    /// <summary>Codes only the facilitator's console meets; every other error can reach a phone.</summary>
    private static readonly WorkshopError[] FacilitatorOnly = [WorkshopError.WorkshopNotEnded, WorkshopError.UnknownFacilitator];

    [Fact]
    public async Task Every_language_of_the_page_has_every_text_and_a_sentence_for_every_error_a_phone_can_get()
    {
        var page = await Browser.NewPage("pl-PL", 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, "/join").ToString());
        await Expect(page.Locator("#join-screen h1")).ToHaveTextAsync("Dołącz do warsztatu");
        await Chromium.Screenshot(page, "p-00-join-pl");

        // Delphi rounds' texts (delphi.js, loaded for an activity with a consensus rule) join each language's; Chinese loads when chosen.
        var languages = await page.EvaluateAsync<Dictionary<string, string[]>>("""
            async () => {
              const delphi = (await import('/participate/delphi.js')).texts;
              const all = { ...(await import('/participate/texts.js')).texts, zh: (await import('/participate/texts.zh.js')).zh };
              return Object.fromEntries(Object.entries(all).map(([language, texts]) =>
                [language, [...Object.keys({ ...texts, ...delphi[language] }).map(k => 'text:' + k), ...Object.keys(texts.errors).map(k => 'error:' + k)]]));
            }
            """);

        Assert.Equal(["en", "fr", "it", "pl", "sl", "zh"], languages.Keys.Order());
        var texts = languages["en"].Where(k => k.StartsWith("text:", StringComparison.Ordinal)).Order();
        var errors = Enum.GetValues<WorkshopError>().Except(FacilitatorOnly)
            .Select(e => "error:" + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.ToString())).Union(["error:retry"]).Order();
        foreach (var (language, keys) in languages.Where(l => l.Key != "en"))
        {
            Assert.Equal(texts, keys.Where(k => k.StartsWith("text:", StringComparison.Ordinal)).Order());
            Assert.Equal(errors, keys.Where(k => k.StartsWith("error:", StringComparison.Ordinal)).Order());
        }
    }

    [Fact]
    public async Task Opening_the_QR_link_and_joining_transfers_under_150_KB()
    {
        var (_, code, _) = await NewWorkshop();
        var page = await Browser.NewPage("sl-SI", 360, 740);
        var requests = new List<Microsoft.Playwright.IRequest>();
        page.RequestFinished += (_, request) => requests.Add(request);

        await Connected(page, new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.Locator("#join-form button[type=submit]").ClickAsync();
        await Expect(Screen(page, "waiting")).ToBeVisibleAsync();

        long transferred = 0;
        foreach (var request in requests.ToList())
        {
            var sizes = await request.SizesAsync();
            transferred += sizes.RequestHeadersSize + sizes.RequestBodySize + sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        }
        Assert.True(transferred < 150 * 1024, $"{transferred / 1024.0:0.#} KB over {requests.Count} requests: {string.Join(", ", requests.Select(r => r.Url))}");
        Assert.Contains(requests, r => r.Url.EndsWith("/lib/signalr/signalr.min.js", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_participant_joins_by_QR_votes_rates_and_ranks_sees_revealed_results_and_rejoins_after_a_reload()
    {
        var (workshop, code, items) = await NewWorkshop();
        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, Title("Ključne kompetence", "Key competencies"), items));
        await workshop.OpenActivity(dotVoteId);

        // The QR link fills in the code; the phone's language picks Slovenian.
        var page = await Connected(await Browser.NewPage("sl-SI", 360, 740), new Uri(BaseAddress, $"/j/{code.ToLowerInvariant()}").ToString());
        await Expect(page.Locator("#code")).ToHaveValueAsync(code);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sl");
        await Expect(page.Locator(".conn")).ToHaveTextAsync("Povezano");
        await Chromium.Screenshot(page, "p-01-join");

        await page.GetByLabel("Vaše ime (neobvezno)").FillAsync("Ana");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pridruži se" }).ClickAsync();
        await Screen(page, "dotVote").WaitForAsync();
        await Expect(page.Locator("#title")).ToHaveTextAsync("Fokusna skupina");
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Preostale pike: 5 od 5");
        await Chromium.Screenshot(page, "p-02-dot-vote");

        // Two dots on the first item (its cap), one on the second: each change is one acknowledged answer.
        var cards = page.Locator("#activity .card");
        var plusFirst = cards.Nth(0).Locator("button.step").Last;
        await plusFirst.ClickAsync();
        await plusFirst.ClickAsync();
        await cards.Nth(1).Locator("button.step").Last.ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Shranjeno ✓");
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Preostale pike: 2 od 5");
        await Expect(plusFirst).ToBeDisabledAsync();
        await Expect(cards.Nth(0).Locator(".count")).ToHaveTextAsync("2");
        await Chromium.Screenshot(page, "p-03-dots-placed");

        await workshop.CloseActivity(dotVoteId);
        var dotResults = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal(3, dotResults.TotalDots);
        Assert.Equal(1, dotResults.Respondents);
        Assert.Equal((items[0], 2), (dotResults.Items[0].Item, dotResults.Items[0].Dots));
        Assert.Equal((items[1], 1), (dotResults.Items[1].Item, dotResults.Items[1].Dots));
        await Screen(page, "waiting").WaitForAsync();
        await Expect(page.Locator("#activity")).ToContainTextAsync("Glasovanje je zaključeno.");
        await Chromium.Screenshot(page, "p-04-closed-waiting");

        await workshop.Reveal(dotVoteId, true);
        await Screen(page, "results").WaitForAsync();
        var resultRows = page.Locator(".results .result");
        await Expect(resultRows).ToHaveCountAsync(5);
        await Expect(resultRows.First.Locator(".value")).ToHaveTextAsync("2 piki");
        await Chromium.Screenshot(page, "p-05-dot-vote-results");

        // A rating round with a timer.
        var ratingId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Rating(ratingId, Title("Pomembnost in razvoj", "Importance and development"), items));
        await workshop.OpenActivity(ratingId);
        await workshop.SetTimer(ratingId, TimeSpan.FromMinutes(3));
        await Screen(page, "rating").WaitForAsync();
        await Expect(page.Locator("#timer")).ToContainTextAsync("Preostali čas");
        var firstItem = page.Locator("#activity .card").Nth(0);
        await firstItem.Locator("fieldset").Nth(0).GetByRole(AriaRole.Button, new() { Name = "4", Exact = true }).ClickAsync();
        await firstItem.Locator("fieldset").Nth(1).GetByRole(AriaRole.Button, new() { Name = "2", Exact = true }).ClickAsync();
        await page.Locator("#activity .card").Nth(1).Locator("fieldset").Nth(0).GetByRole(AriaRole.Button, new() { Name = "3", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Ocenjeno: 1 od 5");
        await Chromium.Screenshot(page, "p-06-rating");

        // A reload rejoins with the kept token (no second join) and shows the accepted answer again.
        await page.ReloadAsync();
        await Screen(page, "rating").WaitForAsync();
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await Expect(page.Locator("#join-screen")).ToBeHiddenAsync();
        await Expect(firstItem.Locator("fieldset").Nth(0).Locator("button[aria-pressed=true]")).ToHaveTextAsync("4");
        Assert.Single((await workshop.GetRecord())!.Participants);

        // An answer left pending (sent, never acknowledged) is sent again with its client id after the reload,
        // and one for an activity that has closed since is refused with a notice.
        await page.EvaluateAsync("""
            ([rating, dotVote, item, second]) => {
              const pending = JSON.parse(localStorage.getItem('ws.pending') || '{}');
              pending[rating + ':1'] = { activityId: rating, round: 1, clientId: 'resent-1', ratings: { importance: { [item]: 5, [second]: 3 }, development: { [item]: 2 } } };
              pending[dotVote + ':1'] = { activityId: dotVote, round: 1, clientId: 'late-1', dots: { [item]: 1 } };
              localStorage.setItem('ws.pending', JSON.stringify(pending));
            }
            """, new[] { ratingId.ToString(), dotVoteId.ToString(), items[0].ToString(), items[1].ToString() });
        await page.ReloadAsync();
        await Screen(page, "rating").WaitForAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("Ta dejavnost ne sprejema več odgovorov.");
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await Expect(firstItem.Locator("fieldset").Nth(0).Locator("button[aria-pressed=true]")).ToHaveTextAsync("5");
        Assert.Equal("{}", await page.EvaluateAsync<string>("localStorage.getItem('ws.pending')"));
        await Chromium.Screenshot(page, "p-07-refused-notice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zapri" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToBeHiddenAsync();

        await workshop.CloseActivity(ratingId);
        var ratingResults = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.Rating!;
        var first = ratingResults.Items.Single(i => i.Item == items[0]);
        Assert.Equal(5, first.For("importance")!.Mean);
        Assert.Equal(2, first.For("development")!.Mean);
        Assert.Equal(3, ratingResults.Items.Single(i => i.Item == items[1]).For("importance")!.Mean);
        await workshop.Reveal(ratingId, true);
        await Screen(page, "results").WaitForAsync();
        await Expect(page.Locator(".results .result").First.Locator(".value").First).ToHaveTextAsync("5,0 · n = 1");
        await Chromium.Screenshot(page, "p-08-rating-results");

        // A ranking of the top three: tap in order, tap again to remove.
        var rankingId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Ranking(rankingId, Title("Razvrstite", "Rank"), items));
        await workshop.OpenActivity(rankingId);
        await Screen(page, "ranking").WaitForAsync();
        var ranks = page.Locator("#activity button.rank");
        await ranks.Nth(2).ClickAsync();
        await ranks.Nth(0).ClickAsync();
        await ranks.Nth(4).ClickAsync();
        await ranks.Nth(1).ClickAsync();
        await Expect(page.Locator("#activity .warn")).ToContainTextAsync("Izbrali ste že 3");
        await ranks.Nth(0).ClickAsync();
        await ranks.Nth(3).ClickAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Razvrščeno: 3 od 3");
        await Expect(ranks.Nth(3).Locator(".badge")).ToHaveTextAsync("mesto 3");
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "p-09-ranking");

        await workshop.CloseActivity(rankingId);
        var rankingResults = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.Ranking!;
        Assert.Equal([items[2], items[4], items[3]], rankingResults.Items.Take(3).Select(i => i.Item));
        Assert.Equal([3, 2, 1], rankingResults.Items.Take(3).Select(i => i.Borda));
        await workshop.Reveal(rankingId, true);
        await Screen(page, "results").WaitForAsync();
        await Expect(page.Locator(".results .result")).ToHaveCountAsync(5);
        await Chromium.Screenshot(page, "p-10-ranking-results");

        await workshop.End();
        await Screen(page, "ended").WaitForAsync();
        await Chromium.Screenshot(page, "p-11-ended");
    }

    [Fact]
    public async Task The_join_form_forgives_how_the_code_is_typed_explains_a_wrong_code_asks_the_segment_questions_and_switches_language()
    {
        var (workshop, code, items) = await NewWorkshop([
            new SegmentQuestion("country", Title("Država", "Country"), ["SI", "IT", "FR"]),
            new SegmentQuestion("organisation", Title("Vrsta organizacije", "Type of organisation"), []),
        ]);
        var page = await Connected(await Browser.NewPage("en-GB", 360, 740), new Uri(BaseAddress, "/join").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join the workshop" })).ToBeVisibleAsync();

        // A whole code is looked up at once; an unknown one is said before the participant taps Join.
        await page.GetByLabel("Join code").FillAsync("zzz-zzz");
        await Expect(page.Locator("#code")).ToHaveValueAsync("ZZZZZZ");
        await Expect(page.Locator("#join-error")).ToContainTextAsync("No live workshop has this code");
        await Expect(page.Locator("#found")).ToBeHiddenAsync();
        await page.GetByLabel("Join code").FillAsync("ab1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(page.Locator("#join-error")).ToContainTextAsync("A code has 6 letters and digits");
        await Chromium.Screenshot(page, "p-12-join-error-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Slovenščina" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pridružite se delavnici" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sl");
        // A whole code shows the workshop's title and its optional segment questions before joining.
        await page.GetByLabel("Koda za vstop").FillAsync($" {code[..3].ToLowerInvariant()}-{code[3..]} ");
        await Expect(page.Locator("#found")).ToHaveTextAsync("✓ Fokusna skupina");
        await page.GetByLabel("Država (neobvezno)").SelectOptionAsync("SI");
        await Expect(page.GetByLabel("Vrsta organizacije (neobvezno)")).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "p-13-join-segments-sl");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pridruži se" }).ClickAsync();
        await Screen(page, "waiting").WaitForAsync();
        await Expect(page.Locator("#activity")).ToContainTextAsync("Čakamo na moderatorja");
        await Chromium.Screenshot(page, "p-14-waiting-sl");

        var participant = Assert.Single((await workshop.GetRecord())!.Participants);
        Assert.Equal("sl", participant.Language);
        Assert.Null(participant.DisplayName);
        Assert.Equal("SI", Assert.Single(participant.Segments).Value);

        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, Title("Ključne kompetence", "Key competencies"), items));
        await workshop.OpenActivity(dotVoteId);
        await Screen(page, "dotVote").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("5 of 5 dots left");
        await Expect(page.Locator("#activity h2")).ToHaveTextAsync("Key competencies");
        await Chromium.Screenshot(page, "p-15-dot-vote-en");
    }

    [Fact]
    public async Task A_dropped_connection_shows_reconnecting_keeps_the_answer_pending_and_sends_it_after_reconnecting()
    {
        var (workshop, code, items) = await NewWorkshop();
        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, Title("Ključne kompetence", "Key competencies"), items));
        await workshop.OpenActivity(dotVoteId);

        // The network under the test's control: while blocked, no new connection gets through.
        var blocked = false;
        IWebSocketRoute? socket = null;
        var page = await Browser.NewPage("sl-SI", 360, 740);
        await page.RouteAsync("**/hubs/workshop/negotiate**", route => blocked ? route.AbortAsync() : route.ContinueAsync());
        await page.RouteWebSocketAsync(new Regex("/hubs/workshop"), ws =>
        {
            if (blocked) _ = ws.CloseAsync();
            else { ws.ConnectToServer(); socket = ws; }
        });
        await Connected(page, new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Pridruži se" }).ClickAsync();
        await Screen(page, "dotVote").WaitForAsync();
        var cards = page.Locator("#activity .card");
        await cards.Nth(0).Locator("button.step").Last.ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();

        blocked = true;
        await socket!.CloseAsync();
        await page.Locator("body[data-connection=reconnecting]").WaitForAsync();
        await Expect(page.Locator(".conn")).ToHaveTextAsync("Ponovno povezujem\u00a0…");
        await cards.Nth(1).Locator("button.step").Last.ClickAsync();
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync("Shranjujem\u00a0…");
        Assert.Contains(dotVoteId.ToString(), await page.EvaluateAsync<string>("localStorage.getItem('ws.pending')"));
        await Chromium.Screenshot(page, "p-16-reconnecting-saving");

        blocked = false;
        await page.Locator("body[data-connection=connected]").WaitForAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        Assert.Equal("{}", await page.EvaluateAsync<string>("localStorage.getItem('ws.pending')"));

        await workshop.CloseActivity(dotVoteId);
        var results = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal(2, results.TotalDots);
        Assert.Single((await workshop.GetRecord())!.Participants);
    }

    [Fact]
    public async Task Without_WebSockets_the_page_falls_back_to_another_transport_and_still_answers()
    {
        var (workshop, code, items) = await NewWorkshop();
        var rankingId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Ranking(rankingId, Title("Razvrstite", "Rank"), items));
        await workshop.OpenActivity(rankingId);

        var page = await Browser.NewPage("en-US", 360, 740);
        await page.RouteWebSocketAsync(new Regex("/hubs/workshop"), ws => _ = ws.CloseAsync());
        var polls = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/hubs/workshop?id=")) lock (polls) polls.Add(request.Url); };
        await Connected(page, new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Screen(page, "ranking").WaitForAsync();
        await page.Locator("#activity button.rank").Nth(1).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Saved ✓");
        lock (polls) Assert.NotEmpty(polls);

        await workshop.CloseActivity(rankingId);
        Assert.Equal(items[1], (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.Ranking!.Items[0].Item);
    }
}
