using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The projector as the room sees it at 1920×1080, 1280×720 and 1024×768: the question and the answers so far before the reveal,
/// bars, the matrix and board cards after, the code and QR in a corner, every text readable (ProjectorTest); screenshots to look at.
/// </summary>
public sealed class ProjectorInBrowserTests(Chromium chromium) : ProjectorTest(chromium)
{
    [Fact]
    public async Task A_dot_vote_shows_only_how_many_answered_until_the_reveal_then_bars_across_the_screen_in_32_px_at_1080p()
    {
        var room = await NewRoom("community-network-coordinator", "en", 8, 6);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Ključne kompetence", "Which competencies matter most for a network coordinator?"), room.Items);
        await room.Workshop.AddActivity(vote);
        await room.Workshop.OpenActivity(vote.Id);
        var projectors = new List<IPage>();
        foreach (var screen in Screens) projectors.Add(await Projector(room, screen));
        await VoteDots(room, vote.Id);

        foreach (var (page, screen) in projectors.Zip(Screens))
        {
            await Expect(page.GetByTestId("answer-progress")).ToContainTextAsync("6 / 6");
            await Expect(page.Locator(".results")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("activity-title")).ToHaveTextAsync("Which competencies matter most for a network coordinator?");
            await AssertReadable(page, screen);
            await Chromium.Screenshot(page, $"projector-dot-vote-open-{screen.Width}x{screen.Height}");
        }

        await room.Workshop.CloseActivity(vote.Id);
        await room.Workshop.Reveal(vote.Id, true);
        foreach (var (page, screen) in projectors.Zip(Screens))
        {
            await Expect(page.Locator(".results .bar-row")).ToHaveCountAsync(8);
            await Expect(page.GetByTestId("answer-progress")).ToHaveCountAsync(0);
            await AssertReadable(page, screen);
            await Chromium.Screenshot(page, $"projector-dot-vote-revealed-{screen.Width}x{screen.Height}");
        }
        var fullHd = projectors[0];
        Assert.True(await FontSize(fullHd.Locator(".bar-row .label").First) >= 32, "items in at least 32 px at 1080p");
        Assert.True(await FontSize(fullHd.GetByTestId("activity-title")) > 40, "the question larger than the items");
        var track = await fullHd.Locator(".bar-row .track").First.BoundingBoxAsync();
        Assert.True(track!.Width > 1920 / 3, $"the longest bar uses the width: {track.Width} px");
    }

    [Fact]
    public async Task A_rating_shows_its_bars_beside_a_large_importance_by_development_matrix_and_the_contrast_theme_is_at_least_7_to_1()
    {
        var room = await NewRoom("community-network-coordinator", "en", 6, 5);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Title("Pomembnost in razvoj", "How important is it, and how much does it need developing?"), room.Items);
        await room.Workshop.AddActivity(rating);
        await room.Workshop.OpenActivity(rating.Id);
        await RateApart(room, rating.Id);
        await room.Workshop.CloseActivity(rating.Id);
        await room.Workshop.Reveal(rating.Id, true);

        foreach (var screen in Screens)
        {
            var page = await Projector(room, screen);
            await Expect(page.Locator(".results .bar-row")).ToHaveCountAsync(6);
            await Expect(page.Locator(".matrix .point")).ToHaveCountAsync(6);
            await AssertReadable(page, screen);
            var matrix = await page.Locator(".matrix .plot").BoundingBoxAsync();
            Assert.True(matrix!.Width >= screen.Height * 0.3, $"the matrix is a large chart: {matrix.Width} px at {screen.Width}×{screen.Height}");
            await Chromium.Screenshot(page, $"projector-rating-revealed-{screen.Width}x{screen.Height}");
        }

        var contrast = await Projector(room, Screens[0], theme: "contrast");
        await Expect(contrast.Locator(".matrix .point")).ToHaveCountAsync(6);
        await AssertReadable(contrast, Screens[0]);
        var weakest = await contrast.EvaluateAsync<JsonElement>("""
            () => {
              const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
              const lum = c => rgb(c).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
              const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
              const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!/^rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
              const texts = [...document.querySelectorAll('.projector *')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
              const worst = texts.map(e => ({ text: e.textContent.trim().slice(0, 40), ratio: ratio(getComputedStyle(e).color, background(e)) }))
                .sort((a, b) => a.ratio - b.ratio)[0];
              return worst;
            }
            """);
        Assert.True(weakest.GetProperty("ratio").GetDouble() >= 7, $"the weakest contrast in the contrast theme: {weakest}");
        await Chromium.Screenshot(contrast, "projector-rating-contrast-1920x1080");
    }

    [Fact]
    public async Task A_board_shows_its_notes_as_large_cards_by_prompt_and_cluster()
    {
        var room = await NewRoom("community-network-coordinator", "en", 3, 2);
        var board = ActivityDefinition.Board(Guid.NewGuid(), Title("Skupna vizija", "Our network in five years"),
            [BoardTemplates.SharedVision, BoardTemplates.Challenges], visibleAtOnce: true);
        await room.Workshop.AddActivity(board);
        await room.Workshop.OpenActivity(board.Id);
        var notes = Grains.GetGrain<IBoardGrain>(board.Id);
        var cluster = await notes.CreateCluster(Facilitator, "Trust between members");
        foreach (var text in new[] { "Members know each other by name", "Shared calendar of events", "New members find a mentor within a week", "Regular meetings in every town" })
            await notes.AssignNote(Facilitator, await notes.PostAsFacilitator(Facilitator, BoardTemplates.SharedVision.Key, text), text.StartsWith("Members", StringComparison.Ordinal) ? cluster : null);
        foreach (var text in new[] { "Volunteers burn out", "No money for travel", "Too many mailing lists" })
            await notes.PostAsFacilitator(Facilitator, BoardTemplates.Challenges.Key, text);

        foreach (var screen in Screens)
        {
            var page = await Projector(room, screen);
            await Expect(page.Locator(".projector-board .note")).ToHaveCountAsync(7);
            await Expect(page.Locator(".projector-board h4")).ToHaveTextAsync("Trust between members");
            await AssertReadable(page, screen);
            if (screen.Width == 1920) Assert.True(await FontSize(page.Locator(".note").First) >= 32, "notes in at least 32 px at 1080p");
            await Chromium.Screenshot(page, $"projector-board-{screen.Width}x{screen.Height}");
        }
    }

    [Fact]
    public async Task The_Chinese_model_renders_on_the_projector_in_a_CJK_font()
    {
        var room = await NewRoom("community-worker-zh", "zh", 5, 3);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("zh", "哪些能力对社区工作者最重要?"), room.Items);
        await room.Workshop.AddActivity(vote);
        await room.Workshop.OpenActivity(vote.Id);
        for (var p = 0; p < room.Participants.Count; p++)
        {
            var dots = ImmutableDictionary<Guid, int>.Empty.Add(room.Items[p % 2], 2).Add(room.Items[2 + p % 3], 2);
            Assert.True((await Grains.GetGrain<IParticipantGrain>(room.Participants[p]).Submit(Answer.ForDots(vote.Id, 1, $"zh-{p}", dots))).Accepted);
        }
        await room.Workshop.CloseActivity(vote.Id);
        await room.Workshop.Reveal(vote.Id, true);

        var page = await Projector(room, Screens[0], locale: "zh-CN");
        await Expect(page.Locator(".results .bar-row")).ToHaveCountAsync(5);
        await Expect(page.Locator(".results")).ToContainTextAsync("沟通协调能力");
        await AssertReadable(page, Screens[0]);
        var label = page.Locator(".bar-row .label", new() { HasText = "沟通协调能力" });
        Assert.StartsWith("\"Noto Sans CJK SC\"", await label.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily"));

        // The font Chromium really drew the characters with, not only the one asked for: no tofu boxes.
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("DOM.enable");
        await devtools.SendAsync("CSS.enable");
        var root = (await devtools.SendAsync("DOM.getDocument"))!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var node = (await devtools.SendAsync("DOM.querySelector", new() { ["nodeId"] = root, ["selector"] = ".bar-row .label" }))!.Value.GetProperty("nodeId").GetInt32();
        var fonts = (await devtools.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = node }))!.Value.GetProperty("fonts");
        Assert.Contains(fonts.EnumerateArray(), f => f.GetProperty("familyName").GetString()!.Contains("CJK", StringComparison.Ordinal));
        await Chromium.Screenshot(page, "projector-dot-vote-zh-1920x1080");
    }
}
