using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// Lists longer than a screen at the projector's type size: a page at a time, turning by itself with "1/7" shown, on every
/// screen shape, each page readable without scrolling; counts that change do not move the page.
/// </summary>
public sealed class ProjectorLongListsInBrowserTests(Chromium chromium) : ProjectorTest(chromium)
{
    /// <summary>Ten seconds a page, and the slack of a loaded machine.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions NextPage = new() { Timeout = 25_000 };

    [Fact]
    public async Task Forty_items_show_six_at_a_time_in_32_px_and_turn_to_the_next_page_with_the_bars_on_one_scale()
    {
        var room = await NewRoom("community-network-coordinator", "en", 40, 12, ItemKind.Competency, ItemKind.Subcompetency);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Ključne kompetence", "Which competencies matter most for a network coordinator?"), room.Items);
        await room.Workshop.AddActivity(vote);
        await room.Workshop.OpenActivity(vote.Id);
        var projectors = new List<IPage>();
        foreach (var screen in Screens) projectors.Add(await Projector(room, screen));

        // The answers so far: the line keeps its place and width from 9 to 10 (figures of one width, room for the total's digits).
        await VoteDots(room, vote.Id, voters: 9);
        var tally = projectors[0].GetByTestId("answer-progress").Locator(".tally");
        await Expect(tally).ToContainTextAsync("9 / 12");
        var before = await tally.BoundingBoxAsync();
        await VoteDots(room, vote.Id, voters: 10);
        await Expect(tally).ToContainTextAsync("10 / 12");
        var after = await tally.BoundingBoxAsync();
        Assert.Equal((before!.X, before.Width), (after!.X, after.Width));

        await VoteDots(room, vote.Id);
        await room.Workshop.CloseActivity(vote.Id);
        await room.Workshop.Reveal(vote.Id, true);
        foreach (var (page, screen) in projectors.Zip(Screens))
        {
            await Expect(page.Locator(".results .bar-row")).ToHaveCountAsync(40);
            await Expect(page.Locator(".results .bar-row:visible")).ToHaveCountAsync(6);
            await Expect(page.GetByTestId("projector-page")).ToHaveTextAsync(new Regex("^[1-7]/7$"));
            await AssertReadable(page, screen);
            await Chromium.Screenshot(page, $"projector-40-items-{screen.Width}x{screen.Height}");
        }
        Assert.True(await FontSize(projectors[0].Locator(".bar-row .label").First) >= 32, "items in at least 32 px at 1080p");

        foreach (var (page, screen) in projectors.Zip(Screens))
        {
            var (number, codes) = await Shown(page, ".results .bar-row .code");
            await Expect(page.GetByTestId("projector-page")).ToHaveTextAsync($"{number % 7 + 1}/7", NextPage);
            await AssertReadable(page, screen);
            await Chromium.Screenshot(page, $"projector-40-items-next-page-{screen.Width}x{screen.Height}");
            var next = await page.Locator(".results .bar-row:visible .code").AllInnerTextsAsync();
            Assert.Equal(number == 7 ? 4 : 6, next.Count);
            Assert.Empty(next.Intersect(codes));
            if (number == 7) continue;
            // The longest bar of the whole list is on page 1: a later page's bars are shorter, not stretched to the width.
            var longest = await page.Locator(".results .bar-row:visible .fill").First.EvaluateAsync<double>("e => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width");
            Assert.True(longest < 0.9, $"page {number % 7 + 1}'s first bar is {longest:P0} of its track");
        }
    }

    /// <summary>The page number and the texts of the shown elements of <paramref name="selector"/> read at one moment, so that a page turning in between cannot mix them.</summary>
    private static async Task<(int Number, string[] Texts)> Shown(IPage page, string selector)
    {
        var shown = await page.EvaluateAsync<string[]>("""
            s => [document.querySelector('[data-testid=projector-page]').textContent,
                  ...[...document.querySelectorAll(s)].filter(e => e.getClientRects().length > 0).map(e => e.innerText)]
            """, selector);
        return (int.Parse(shown[0].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture), shown[1..]);
    }

    [Fact]
    public async Task Sixty_notes_show_as_cards_twelve_at_a_time_by_prompt_and_cluster_on_every_screen()
    {
        var room = await NewRoom("community-network-coordinator", "en", 3, 2);
        var board = ActivityDefinition.Board(Guid.NewGuid(), Title("Skupna vizija", "Our network in five years"),
            [BoardTemplates.SharedVision, BoardTemplates.Challenges], visibleAtOnce: true);
        await room.Workshop.AddActivity(board);
        await room.Workshop.OpenActivity(board.Id);
        var notes = Grains.GetGrain<IBoardGrain>(board.Id);
        var trust = await notes.CreateCluster(Facilitator, "Trust between members");
        string[] ideas =
        [
            "Members know each other by name", "A shared calendar of events that everyone can edit",
            "New members find a mentor within their first week", "Regular meetings in every town, also in the evening",
            "Employers come to us first when they look for people", "Short training days twice a year",
        ];
        for (var i = 0; i < 40; i++)
            await notes.AssignNote(Facilitator, await notes.PostAsFacilitator(Facilitator, BoardTemplates.SharedVision.Key, $"{ideas[i % ideas.Length]} ({i + 1})"), i % 3 == 0 ? trust : null);
        for (var i = 0; i < 20; i++)
            await notes.PostAsFacilitator(Facilitator, BoardTemplates.Challenges.Key, $"{(i % 2 == 0 ? "Volunteers burn out" : "No money for travel to the meetings in the regions")} ({i + 1})");

        var projectors = new List<IPage>();
        foreach (var screen in Screens)
        {
            var page = await Projector(room, screen);
            projectors.Add(page);
            await Expect(page.Locator(".projector-board .note")).ToHaveCountAsync(12);
            await Expect(page.GetByTestId("projector-page")).ToHaveTextAsync(new Regex("^[1-5]/5$"));
            await Expect(page.Locator(".projector-board h3").First).ToHaveTextAsync(new Regex("Our shared vision|Challenges"));
            await AssertReadable(page, screen);
            if (screen.Width == 1920) Assert.True(await FontSize(page.Locator(".note").First) >= 32, "notes in at least 32 px at 1080p");
            await Chromium.Screenshot(page, $"projector-60-notes-{screen.Width}x{screen.Height}");
        }

        var fullHd = projectors[0];
        var (number, notesShown) = await Shown(fullHd, ".projector-board .note");
        await Expect(fullHd.GetByTestId("projector-page")).ToHaveTextAsync($"{number % 5 + 1}/5", NextPage);
        Assert.Empty((await fullHd.Locator(".projector-board .note").AllInnerTextsAsync()).Intersect(notesShown));
        await AssertReadable(fullHd, Screens[0]);
        await Chromium.Screenshot(fullHd, "projector-60-notes-next-page-1920x1080");
    }
}
