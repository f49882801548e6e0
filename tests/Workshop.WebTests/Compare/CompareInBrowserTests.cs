using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Compare;

/// <summary>Two focus groups rate the same items; a facilitator compares them by workshop and by country.</summary>
public sealed class CompareInBrowserTests(Chromium chromium) : BrowserTest(chromium, "facilitator@example.org")
{
    private const string FrameworkId = "community-network-coordinator";

    private static ImmutableDictionary<string, string> Text(string en) => ImmutableDictionary<string, string>.Empty.Add("en", en);

    private static readonly ImmutableList<SegmentQuestion> Country =
        [new("country", Text("Country"), ["SI", "HR", "IT", "AT"])];

    /// <summary>A workshop whose participants (country, importance and development of the two items) rate and close.</summary>
    private async Task RunWorkshop(string title, IReadOnlyList<Guid> items, params (string Country, int Importance1, int Development1, int Importance2, int Development2)[] people)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        await workshop.Create(new CreateWorkshop(title, FrameworkId, 1, "facilitator@example.org", "en", Country));
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Text("Importance and development"), items);
        await workshop.AddActivity(rating);
        await workshop.OpenActivity(rating.Id);
        var i = 0;
        foreach (var person in people)
        {
            var joined = (await workshop.JoinMany([new JoinRequest(null, "en", ImmutableDictionary<string, string>.Empty.Add("country", person.Country))]))[0].Joined!;
            var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
                .Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(items[0], person.Importance1).Add(items[1], person.Importance2))
                .Add("development", ImmutableDictionary<Guid, int>.Empty.Add(items[0], person.Development1).Add(items[1], person.Development2));
            var ack = await Grains.GetGrain<IParticipantGrain>(joined.ParticipantId).Submit(Answer.ForRatings(rating.Id, 1, $"c-{i++}", ratings));
            Assert.True(ack.Accepted, ack.ToString());
        }
        await workshop.CloseActivity(rating.Id);
    }

    [Fact]
    public async Task A_facilitator_compares_two_workshops_by_workshop_and_by_country_and_a_segment_of_two_is_not_shown()
    {
        var framework = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        var competencies = framework.Versions.Last().Items.Where(i => i.Kind == ItemKind.Competency).Take(3).ToList();
        var items = competencies.Select(i => i.Id).ToList();
        // Ljubljana: 3 from SI and 3 from HR; Trieste: 3 from IT and 2 from AT (too few to show on their own).
        await RunWorkshop("Focus group Ljubljana", items,
            ("SI", 5, 2, 2, 4), ("SI", 5, 2, 2, 4), ("SI", 5, 2, 2, 4), ("HR", 3, 2, 2, 4), ("HR", 3, 2, 2, 4), ("HR", 3, 2, 2, 4));
        await RunWorkshop("Focus group Trieste", items,
            ("IT", 4, 4, 5, 1), ("IT", 4, 4, 5, 1), ("IT", 4, 4, 5, 1), ("AT", 2, 4, 5, 1), ("AT", 2, 4, 5, 1));

        var page = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(page, "facilitator@example.org", $"/frameworks/{FrameworkId}/compare");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compare workshops" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nothing")).ToBeVisibleAsync();

        await page.GetByLabel("Focus group Ljubljana").CheckAsync();
        await page.GetByLabel("Focus group Trieste").CheckAsync();
        await page.GetByLabel("Rating: importance").CheckAsync();

        var table = page.GetByTestId("comparison");
        string code1 = competencies[0].Code, code2 = competencies[1].Code;
        await Expect(table.Locator("thead th.value")).ToHaveTextAsync(["Focus group Ljubljana", "Focus group Trieste"]);
        await Expect(Cell(table, code1, "Focus group Ljubljana")).ToHaveTextAsync("4.0n 6");
        await Expect(Cell(table, code1, "Focus group Trieste")).ToHaveTextAsync("3.2n 5");
        await Expect(Cell(table, code2, "Focus group Ljubljana")).ToHaveTextAsync("2.0n 6");
        await Expect(Cell(table, code2, "Focus group Trieste")).ToHaveTextAsync("5.0n 5");
        // The third item was in the activity but nobody rated it: no row.
        await Expect(table.Locator($"tr[data-item='{competencies[2].Code}']")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("matrix").Locator("g.point")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("matrix").Locator("g.point text")).ToHaveTextAsync([code1, code1, code2, code2]);
        var label = await page.GetByTestId("matrix").Locator("g.point text").First.BoundingBoxAsync();
        var plot = await page.GetByTestId("matrix").Locator("svg").BoundingBoxAsync();
        Assert.True(label!.X < plot!.X + plot.Width && label.Y < plot.Y + plot.Height, "the item codes are drawn inside the matrix");
        await Expect(page.GetByTestId("legend")).ToContainTextAsync("Focus group Trieste");
        await Expect(page.GetByTestId("agreement").Locator($"tr[data-item='{code1}'] td.value")).ToHaveTextAsync(["50%", "60%"]);
        await Chromium.Screenshot(page, "c-01-by-workshop");

        await page.GetByLabel("By country").CheckAsync();
        await Expect(table.Locator("thead th.value")).ToHaveTextAsync(["HR", "IT", "SI"]);
        await Expect(Cell(table, code1, "SI")).ToHaveTextAsync("5.0n 3");
        await Expect(Cell(table, code1, "HR")).ToHaveTextAsync("3.0n 3");
        await Expect(Cell(table, code1, "IT")).ToHaveTextAsync("4.0n 3");
        await Expect(table.Locator("[data-column='AT']")).ToHaveCountAsync(0);
        await Expect(table).Not.ToContainTextAsync("AT");
        await Chromium.Screenshot(page, "c-02-by-country");

        await page.GetByLabel("Rating: need for further development").CheckAsync();
        await Expect(Cell(table, code1, "IT")).ToHaveTextAsync("4.0n 3");
        await Expect(Cell(table, code2, "SI")).ToHaveTextAsync("4.0n 3");
        await Chromium.Screenshot(page, "c-03-development-by-country");
    }

    private static ILocator Cell(ILocator table, string code, string column) =>
        table.Locator($"tbody tr[data-item='{code}'] td[data-column='{column}']");
}
