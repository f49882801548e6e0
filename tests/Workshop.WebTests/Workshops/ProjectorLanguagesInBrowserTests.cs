using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Resources;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The projector at 1920×1080 in each of the six languages, on a framework in that language: a dot vote and a rating revealed,
/// every text inside its box and apart from the others, every word of the interface in the room's language; screenshots to look at.
/// </summary>
public sealed class ProjectorLanguagesInBrowserTests(Chromium chromium) : ProjectorTest(chromium)
{
    private static readonly ResourceManager Texts = new("Workshop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>Words of the English projector that are no word of <paramref name="language"/>'s interface: one left on its projector is a missed translation.</summary>
    private static readonly string[] EnglishWords = ["Answered", "Participants", "Importance", "Need for further development", "Join at", "Page"];

    [Theory]
    [InlineData("sl", "sl-SI", "community-network-coordinator", "Katere kompetence so za koordinatorja mreže najpomembnejše?", "Kako pomembna je kompetenca in koliko jo je treba še razviti?")]
    [InlineData("en", "en-GB", "community-network-coordinator", "Which competencies matter most for a network coordinator?", "How important is it, and how much does it still need developing?")]
    [InlineData("it", "it-IT", "community-network-coordinator", "Quali competenze contano di più per un coordinatore di rete?", "Quanto è importante e quanto va ancora sviluppata?")]
    [InlineData("fr", "fr-FR", "community-network-coordinator", "Quelles compétences comptent le plus pour un coordinateur de réseau ?", "Quelle est son importance, et à quel point faut-il encore la développer ?")]
    [InlineData("pl", "pl-PL", "mentor-pl", "Które kompetencje są najważniejsze dla mentora?", "Jak ważna jest ta kompetencja i na ile trzeba ją jeszcze rozwinąć?")]
    [InlineData("zh", "zh-CN", "community-worker-zh", "哪些能力对社区工作者最重要？", "这项能力有多重要？还需要多大程度的提升？")]
    public async Task The_projector_speaks_the_rooms_language_with_every_text_in_its_box_at_1080p(string language, string locale, string framework, string voteQuestion, string ratingQuestion)
    {
        var screen = Screens[0];
        var room = await NewRoom(framework, language, 5, 5);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add(language, voteQuestion), room.Items);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add(language, ratingQuestion), room.Items);
        await room.Workshop.AddActivity(vote);
        await room.Workshop.AddActivity(rating);
        await room.Workshop.OpenActivity(vote.Id);
        var page = await Projector(room, screen, locale: locale);
        await VoteDots(room, vote.Id, voters: 3);

        await Expect(page.GetByTestId("answer-progress")).ToContainTextAsync($"{Text(language, "Answered")}");
        await Expect(page.GetByTestId("answer-progress")).ToContainTextAsync("3 / 5");
        await AssertReadable(page, screen);
        await Chromium.Screenshot(page, $"projector-{language}-dot-vote-open-1920x1080");
        var open = await page.Locator(".projector").InnerTextAsync();

        await room.Workshop.CloseActivity(vote.Id);
        await room.Workshop.Reveal(vote.Id, true);
        await Expect(page.Locator(".results .bar-row")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("activity-title")).ToHaveTextAsync(voteQuestion);
        await AssertReadable(page, screen);
        await Chromium.Screenshot(page, $"projector-{language}-dot-vote-revealed-1920x1080");
        var dots = await page.Locator(".projector").InnerTextAsync();

        await room.Workshop.OpenActivity(rating.Id);
        await RateApart(room, rating.Id);
        await room.Workshop.CloseActivity(rating.Id);
        await room.Workshop.Reveal(rating.Id, true);
        await Expect(page.Locator(".matrix .point")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("activity-title")).ToHaveTextAsync(ratingQuestion);
        await AssertReadable(page, screen);
        await Chromium.Screenshot(page, $"projector-{language}-rating-revealed-1920x1080");
        var ratings = await page.Locator(".projector").InnerTextAsync();

        var first = (await Grains.GetGrain<IFrameworkGrain>(framework).Get())!.Version(1)!.Items.First(i => i.Id == room.Items[0]);
        Assert.Contains(first.Labels[language], dots);
        Assert.Contains(Text(language, "Participants"), ratings);
        var english = EnglishWords.Where(word => language != "en" && !Entries(language).Any(text => text.Contains(word, StringComparison.Ordinal)))
            .Where(word => $"{open}\n{dots}\n{ratings}".Contains(word, StringComparison.Ordinal)).ToList();
        Assert.True(english.Count == 0, $"English left on the {language} projector: {string.Join(", ", english)}");
    }

    private static IEnumerable<string> Entries(string language) =>
        Texts.GetResourceSet(CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(e => (string)e.Value!);
}
