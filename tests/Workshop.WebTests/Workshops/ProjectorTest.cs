using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// A started workshop on a seed framework and its projector in a real browser, with what the room needs of every screen:
/// the code and QR in the corner, no text cut off, spilling out of its box or lying on another, nothing to scroll.
/// </summary>
public abstract class ProjectorTest(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    protected const string Facilitator = "facilitator@example.org";
    protected static readonly (int Width, int Height)[] Screens = [(1920, 1080), (1280, 720), (1024, 768)];

    protected sealed record Room(IWorkshopGrain Workshop, Guid Id, string Code, ImmutableList<Guid> Items, ImmutableList<Guid> Participants);

    /// <summary>A started workshop in <paramref name="language"/> on a seed framework's first <paramref name="itemCount"/> items of <paramref name="kinds"/> (competencies unless said), with <paramref name="people"/> participants joined.</summary>
    protected async Task<Room> NewRoom(string framework, string language, int itemCount, int people, params ItemKind[] kinds)
    {
        kinds = kinds.Length == 0 ? [ItemKind.Competency] : kinds;
        var id = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(id);
        var created = await workshop.Create(new CreateWorkshop("Focus group Maribor", framework, 1, Facilitator, language));
        await workshop.Start();
        var items = (await Grains.GetGrain<IFrameworkGrain>(framework).Get())!.Version(1)!.Items
            .Where(i => kinds.Contains(i.Kind)).Take(itemCount).Select(i => i.Id).ToImmutableList();
        Assert.Equal(itemCount, items.Count);
        var joined = await workshop.JoinMany([.. Enumerable.Range(0, people).Select(_ => new JoinRequest(null, language, ImmutableDictionary<string, string>.Empty))]);
        return new Room(workshop, id, created.Code, items, [.. joined.Select(j => j.Joined!.ParticipantId)]);
    }

    protected async Task<IPage> Projector(Room room, (int Width, int Height) screen, string? theme = null, string locale = "en-US")
    {
        var key = (await room.Workshop.GetState())!.DisplayKey;
        var page = await Browser.NewPage(locale, screen.Width, screen.Height);
        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/display/{room.Id}?key={Uri.EscapeDataString(key)}{(theme is null ? "" : $"&theme={theme}")}"));
        return page;
    }

    /// <summary>Each participant spends dots on the first items, fewer the later they come, so the bars differ (five items or more).</summary>
    protected async Task VoteDots(Room room, Guid activity, int? voters = null)
    {
        var n = room.Items.Count;
        for (var p = 0; p < (voters ?? room.Participants.Count); p++)
        {
            var dots = ImmutableDictionary<Guid, int>.Empty.Add(room.Items[p % 3], 2).Add(room.Items[3 + p % (n - 4)], 2).Add(room.Items[^1], 1);
            var ack = await Grains.GetGrain<IParticipantGrain>(room.Participants[p]).Submit(Answer.ForDots(activity, 1, $"dots-{p}", dots));
            Assert.True(ack.Accepted, ack.Message);
        }
    }

    /// <summary>
    /// Five participants rate importance so that the items' means spread evenly from 1 to 5 and development in another order:
    /// no two codes share a place in the matrix (the sum of (k + p) / 5 over p = 0..4 is k).
    /// </summary>
    protected async Task RateApart(Room room, Guid activity)
    {
        Assert.Equal(5, room.Participants.Count);
        var n = room.Items.Count;
        int Step(int index) => (int)Math.Round(20.0 * index / (n - 1));
        for (var p = 0; p < 5; p++)
        {
            var importance = room.Items.Select((item, i) => (item, value: 1 + (Step(i) + p) / 5)).ToImmutableDictionary(x => x.item, x => x.value);
            var development = room.Items.Select((item, i) => (item, value: 1 + (Step((i * 2 + 1) % n) + p) / 5)).ToImmutableDictionary(x => x.item, x => x.value);
            var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty.Add("importance", importance).Add("development", development);
            var ack = await Grains.GetGrain<IParticipantGrain>(room.Participants[p]).Submit(Answer.ForRatings(activity, 1, $"r-{p}", ratings));
            Assert.True(ack.Accepted, ack.Message);
        }
    }

    /// <summary>
    /// What the room reads from the back, on any screen: the code and QR in the corner; every text inside its box (no ellipsis,
    /// no clamped line, nothing spilling), no two texts on each other, nothing wider or taller than the screen.
    /// </summary>
    protected static async Task AssertReadable(IPage page, (int Width, int Height) screen)
    {
        await Expect(page.GetByTestId("corner-join").GetByTestId("join-code")).ToBeVisibleAsync();
        var qr = await page.GetByTestId("corner-join").Locator("img").BoundingBoxAsync();
        Assert.True(qr is { Width: >= 60 } && qr.X + qr.Width <= screen.Width && qr.Y >= 0, $"the QR code in the corner is {qr?.Width} px wide at {qr?.X},{qr?.Y}");
        // Fades (a new page of results) end first, so that the boxes measured are the ones that stay.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var problems = await page.EvaluateAsync<string[]>("""
            () => {
              const name = e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${e.textContent.trim().slice(0, 30)}"`;
              const width = document.documentElement.clientWidth, height = document.documentElement.clientHeight;
              const all = [...document.querySelectorAll('.projector, .projector *')].filter(e => e.getClientRects().length > 0);
              const out = all.map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => r.width > 0 && (r.right > width + 1 || r.left < -1 || r.bottom > height + 1))
                .map(([e, r]) => `outside the screen: ${name(e)} ${Math.round(r.left)}..${Math.round(r.right)} × ${Math.round(r.top)}..${Math.round(r.bottom)}`);
              if (document.documentElement.scrollWidth > width || document.documentElement.scrollHeight > height)
                out.push(`the page scrolls: ${document.documentElement.scrollWidth}×${document.documentElement.scrollHeight} in ${width}×${height}`);
              const texts = all.filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
              // Cut off: wider than its box, or a hidden line (half a line more: CJK glyphs reach a little past a tight line height).
              const size = e => parseFloat(getComputedStyle(e).fontSize);
              for (const e of texts)
                if (e.clientWidth > 0 && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + size(e) / 2))
                  out.push(`text larger than its box: ${name(e)} ${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight}`);
              // The lines of text as drawn (a text node's boxes, within its element when that clips), so that padding is not taken for text.
              const clip = (e, r) => {
                if (getComputedStyle(e).overflow === 'visible') return r;
                const box = e.getBoundingClientRect();
                return new DOMRect(r.left, Math.max(r.top, box.top), r.width, Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top));
              };
              const lines = texts.flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).flatMap(n => {
                const range = document.createRange(); range.selectNodeContents(n);
                return [...range.getClientRects()].map(r => clip(e, r)).filter(r => r.width > 0 && r.height > 0).map(r => ({ e, r, size: size(e) }));
              }));
              // On each other: more than a third of the smaller text's height in common (a glyph box reaches past its line a little).
              for (let i = 0; i < lines.length; i++)
                for (let j = i + 1; j < lines.length; j++) {
                  const [a, b] = [lines[i], lines[j]];
                  if (a.e === b.e) continue;
                  const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left), y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
                  if (x > 3 && y > Math.min(a.size, b.size) / 3) out.push(`texts on each other: ${name(a.e)} and ${name(b.e)}`);
                }
              return [...new Set(out)];
            }
            """);
        Assert.True(problems.Length == 0, $"at {screen.Width}×{screen.Height}: {string.Join("; ", problems.Take(8))}");
    }

    protected static async Task<double> FontSize(ILocator element) =>
        double.Parse((await element.EvaluateAsync<string>("e => getComputedStyle(e).fontSize")).Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture);
}
