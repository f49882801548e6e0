using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;
using Workshop.Web;
using Workshop.Web.Localization;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Localization;

/// <summary>The console in French and Polish writes its counts in the language's plural form and its "label: value" with the language's colon; the phone counts alike.</summary>
public sealed class ConsoleWordingInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";

    [Fact]
    public async Task A_french_console_puts_a_no_break_space_before_its_colons_and_a_polish_one_says_2_pozycje()
    {
        var (workshop, _) = await DelphiWorkshop.Run(Grains, Facilitator, "Focus group Lyon");
        var page = await Browser.NewPage("en-US", 1366, 768);
        await SignIn(page, Facilitator, "/frameworks");

        await InLanguage(page, "fr", workshop);
        Assert.Equal("Participants\u00a0: 5", await Text(page.GetByTestId("participant-count")));
        Assert.Equal("Ont répondu\u00a0: 5 / 5", await Text(page.GetByTestId("respondents")));
        await Expect(Agenda(page)).ToContainTextAsync("2 éléments");
        await Expect(Agenda(page)).ToContainTextAsync("tour 2");
        await Chromium.Screenshot(page, "i12-wording-01-console-fr");

        await InLanguage(page, "pl", workshop);
        Assert.Equal("Uczestnicy: 5", await Text(page.GetByTestId("participant-count")));
        Assert.Equal("Odpowiedzi: 5 / 5", await Text(page.GetByTestId("respondents")));
        // Two takes the "few" form (pozycje); the one form the console had before wrote "2 pozycji".
        await Expect(Agenda(page)).ToContainTextAsync("2 pozycje");
        await Expect(Agenda(page)).ToContainTextAsync("runda 2");
        await Chromium.Screenshot(page, "i12-wording-02-console-pl");
    }

    public static TheoryData<string> PhoneLanguages => new(WorkshopLocalization.Languages);

    [Theory]
    [MemberData(nameof(PhoneLanguages))]
    public async Task The_phone_counts_votes_as_the_console_does_for_cldrs_example_numbers(string language)
    {
        long[] examples = [0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 21, 22, 23, 24, 25, 101, 102, 103, 112];
        var page = await Browser.NewPage("en-US");
        await page.GotoAsync(new Uri(BaseAddress, "/join").ToString());

        var phone = await page.EvaluateAsync<string[]>("""
            async ([language, examples]) => {
              const texts = language === 'zh' ? (await import('/participate/texts.zh.js')).zh : (await import('/participate/texts.js')).texts[language];
              return examples.map(n => texts.votes(n));
            }
            """, new object[] { language, examples });

        Assert.Equal(examples.Select(n => Console(language, n)), phone);
    }

    private string Console(string language, long count) =>
        WorkshopLocalization.InLanguage(language, () => App.Services.GetRequiredService<IStringLocalizer<SharedResource>>().Count("Votes", count));

    private async Task InLanguage(IPage page, string language, Guid workshop)
    {
        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/culture/{language}?returnUrl=/workshops/{workshop}"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
    }

    private static ILocator Agenda(IPage page) => page.Locator(".agenda li").First;

    private static async Task<string> Text(ILocator locator) => (await locator.TextContentAsync())!.Trim();
}
