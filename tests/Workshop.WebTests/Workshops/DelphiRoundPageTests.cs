using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The phone page (wwwroot/participate) in round 2 of a rating with a consensus rule, in headless Chromium at 360 px:
/// the facilitator and three other participants act through the grains, one participant through the page.
/// </summary>
public sealed class DelphiRoundPageTests(Chromium chromium) : BrowserTest(chromium)
{
    private static ImmutableDictionary<string, ImmutableDictionary<Guid, int>> Importance(params (Guid Item, int Value)[] ratings) =>
        ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty.Add("importance", ratings.ToImmutableDictionary(r => r.Item, r => r.Value));

    [Fact]
    public async Task In_round_two_a_phone_sees_the_groups_spread_keeps_its_previous_answer_and_gives_a_reason_for_one_outside_the_middle_half()
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Fokusna skupina", "community-network-coordinator", 1, "facilitator@example.org", "en"));
        await workshop.Start();
        var framework = await Grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get();
        var items = framework!.Versions[0].Items.Where(i => i.Kind == ItemKind.Competency).Take(2).Select(i => i.Id).ToArray();
        var ratingId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.Rating(ratingId, Title("Pomembnost", "Importance"), items, [RatingScale.Importance])
            with { Consensus = new ConsensusRule(MinN: 3) });
        await workshop.OpenActivity(ratingId);

        // Round 1: the rule is shown before anyone answers; the phone rates 4 and 3.
        var page = await Browser.NewPage("en-GB", 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{created.Code}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await page.Locator("body[data-screen=rating]").WaitForAsync();
        await Expect(page.Locator(".rule")).ToHaveTextAsync("Consensus: ≥ 75% in the top two points · IQR ≤ 1 · n ≥ 3");
        var cards = page.Locator("#activity .card");
        await cards.Nth(0).GetByRole(AriaRole.Button, new() { Name = "4", Exact = true }).ClickAsync();
        await cards.Nth(1).GetByRole(AriaRole.Button, new() { Name = "3", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();

        // Three others: item 1 gets 4 4 5, item 2 gets 3 4 4.
        var others = 0;
        foreach (var (first, second) in new[] { (4, 3), (4, 4), (5, 4) })
        {
            var joined = (await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!;
            var ack = await Grains.GetGrain<IParticipantGrain>(joined.ParticipantId)
                .Submit(Answer.ForRatings(ratingId, 1, $"other-{others++}", Importance((items[0], first), (items[1], second))));
            Assert.True(ack.Accepted, ack.ToString());
        }
        await workshop.CloseActivity(ratingId);
        await workshop.OpenActivity(ratingId);

        // Round 2. Item 1: 4 4 4 5 → median 4, Q1 4, Q3 (h = 2.25) 4.25; item 2: 3 3 4 4 → median 3.5, Q1 3, Q3 4.
        await Expect(page.Locator(".dist")).ToHaveCountAsync(2);
        await Expect(cards.Nth(0).Locator(".dist i[data-n]")).ToHaveCountAsync(2);
        await Expect(cards.Nth(0).Locator(".fed > .hint")).ToHaveTextAsync("Group in round 1: median 4, middle half 4–4.25 · you: 4");
        await Expect(cards.Nth(1).Locator(".fed > .hint")).ToHaveTextAsync("Group in round 1: median 3.5, middle half 3–4 · you: 3");
        // The previous answers are the selection, not sent until Send.
        await Expect(cards.Nth(0).Locator("button[aria-pressed=true]")).ToHaveTextAsync("4");
        await Expect(cards.Nth(1).Locator("button[aria-pressed=true]")).ToHaveTextAsync("3");
        await Expect(page.Locator("#save[data-state=unsent]")).ToHaveTextAsync("Not sent yet");
        await Expect(page.Locator(".why")).ToHaveCountAsync(2);
        await Expect(page.Locator(".why:visible")).ToHaveCountAsync(0);

        // 2 lies outside item 1's middle half: its reason box appears; item 2's stays hidden.
        await cards.Nth(0).GetByRole(AriaRole.Button, new() { Name = "2", Exact = true }).ClickAsync();
        var why = cards.Nth(0).GetByLabel("Why? (optional)");
        await Expect(why).ToBeVisibleAsync();
        await Expect(cards.Nth(1).Locator(".why")).ToBeHiddenAsync();
        await Expect(cards.Nth(0).Locator("button.prev")).ToHaveTextAsync("4");
        await why.FillAsync("We hire for this; it is rarely needed on the job.");
        await Expect(cards.Nth(0).Locator(".why .hint")).ToHaveTextAsync("49/280");
        await Chromium.Screenshot(page, "d-01-round-two-reason");

        // Another language rebuilds the view: the unsent answer and the reason stay.
        await page.GetByRole(AriaRole.Button, new() { Name = "Slovenščina" }).ClickAsync();
        await Expect(cards.Nth(0).GetByLabel("Zakaj? (neobvezno)")).ToHaveValueAsync("We hire for this; it is rarely needed on the job.");
        await Expect(cards.Nth(0).Locator("button[aria-pressed=true]")).ToHaveTextAsync("2");
        await Expect(cards.Nth(1).Locator(".fed > .hint")).ToHaveTextAsync("Skupina v 1. krogu: mediana 3,5, srednja polovica 3–4 · vi: 3");
        await Expect(page.Locator("#save[data-state=unsent]")).ToHaveTextAsync("Še ni poslano");
        await Chromium.Screenshot(page, "d-02-round-two-sl");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pošlji" }).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Shranjeno ✓");

        // Stored: the kept 3, the changed 2, and the reason for the item answered outside the middle half only.
        var phone = await PhoneAnswer(workshop, ratingId);
        Assert.NotNull(phone);
        Assert.Equal([(items[0], 2), (items[1], 3)], phone.Ratings!["importance"].OrderBy(r => Array.IndexOf(items, r.Key)).Select(r => (r.Key, r.Value)));
        Assert.Equal([(items[0], "We hire for this; it is rarely needed on the job.")], phone.Reasons!.Select(r => (r.Key, r.Value)));
    }

    /// <summary>The round-2 answer of the one participant who answered round 2 (the phone).</summary>
    private async Task<Answer?> PhoneAnswer(IWorkshopGrain workshop, Guid activityId)
    {
        foreach (var id in await workshop.GetParticipantIds())
            if ((await Grains.GetGrain<IParticipantGrain>(id).GetAnswers()).Select(r => r.Answer).FirstOrDefault(a => a.ActivityId == activityId && a.Round == 2) is { } answer)
                return answer;
        return null;
    }
}
