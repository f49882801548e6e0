using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The phone page in each of its six languages at 360x740, the phone's own language picking the page's:
/// the join screen and a dot vote, with screenshots to look at and no text that overflows its box or the screen.
/// </summary>
public sealed class ParticipantPageLanguageTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly ImmutableDictionary<string, string> KeyCompetencies = new Dictionary<string, string>
    {
        ["sl"] = "Ključne kompetence za delo v skupnosti", ["en"] = "Key competencies for community work",
        ["it"] = "Competenze chiave per il lavoro di comunità", ["fr"] = "Compétences clés pour le travail communautaire",
        ["pl"] = "Kluczowe kompetencje w pracy ze społecznością", ["zh"] = "社区工作的关键能力",
    }.ToImmutableDictionary();

    [Theory]
    [InlineData("sl-SI", "sl", "community-network-coordinator", "Pridružite se delavnici", "Preostale pike: 5 od 5")]
    [InlineData("en-GB", "en", "community-network-coordinator", "Join the workshop", "5 of 5 dots left")]
    [InlineData("it-IT", "it", "community-network-coordinator", "Partecipa al laboratorio", "Punti rimasti: 5 su 5")]
    [InlineData("fr-FR", "fr", "community-network-coordinator", "Rejoindre l'atelier", "Gommettes restantes\u00a0: 5 sur 5")]
    [InlineData("pl-PL", "pl", "mentor-pl", "Dołącz do warsztatu", "Pozostałe kropki: 5 z 5")]
    [InlineData("zh-CN", "zh", "community-worker-zh", "加入工作坊", "剩余圆点：5/5")]
    public async Task The_join_screen_and_a_dot_vote_fit_a_360_px_phone_in_its_own_language(string locale, string language, string framework, string joinTitle, string dotsLeft)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop(KeyCompetencies[language], framework, 1, "facilitator@example.org", language));
        await workshop.Start();
        var items = (await Grains.GetGrain<IFrameworkGrain>(framework).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(5).ToList();

        var page = await Browser.NewPage(locale, 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{created.Code}").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.Locator("#join-screen h1")).ToHaveTextAsync(joinTitle);
        await Expect(page.Locator("#found")).ToContainTextAsync(KeyCompetencies[language]);
        await AssertNothingOverflows(page);
        await Chromium.Screenshot(page, $"lang-join-{language}");

        var dotVoteId = Guid.NewGuid();
        await workshop.AddActivity(ActivityDefinition.DotVote(dotVoteId, KeyCompetencies, items.Select(i => i.Id)));
        await workshop.OpenActivity(dotVoteId);
        await page.Locator("#join-form button[type=submit]").ClickAsync();
        await page.Locator("body[data-screen=dotVote]").WaitForAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync(dotsLeft);
        // The framework's own labels: in the page's language where it has them, else its first language, marked as such.
        var label = items[0].Labels.GetValueOrDefault(language) ?? items[0].Labels.Values.First();
        await Expect(page.Locator("#activity .card .label").First).ToContainTextAsync(label);
        await page.Locator("#activity .card button.step").Last.ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => scrollTo(0, 0)"); // The sticky bars where the phone shows them, not mid-page.
        await AssertNothingOverflows(page);
        await Chromium.Screenshot(page, $"lang-dot-vote-{language}");
    }

    /// <summary>No visible box that reaches past the screen's edge, nor text wider than its box; the connection's status may shorten (ellipsis).</summary>
    private static async Task AssertNothingOverflows(IPage page)
    {
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.body.querySelectorAll('*')].filter(e => {
              if (!e.getClientRects().length || e.closest('.sr, #conn-text')) return false;
              const box = e.getBoundingClientRect(), ownText = [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
              return box.right > innerWidth + 0.5 || box.left < -0.5 || (ownText && getComputedStyle(e).display !== 'inline' && e.scrollWidth > e.clientWidth + 1);
            }).map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)
            """);
        Assert.Empty(overflowing);
        var bar = await page.EvaluateAsync<double[]>("() => [document.querySelector('.conn').getBoundingClientRect().right, document.querySelector('.langs').getBoundingClientRect().left]");
        Assert.True(bar[0] <= bar[1], $"The connection status ({bar[0]} px) runs into the language switch ({bar[1]} px).");
        Assert.True(await page.EvaluateAsync<bool>("() => { const e = document.getElementById('conn-text'); return e.scrollWidth <= e.clientWidth; }"),
            "The connection status is cut short.");
    }
}
