using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>Issue 13: who can see which translations a model owner has reviewed (phone, framework page, comparison).</summary>
public sealed class TranslationStatusInBrowserTests(Chromium chromium) : BrowserTest(chromium, "owner@example.org")
{
    private const string FrameworkId = "community-network-coordinator";

    private async Task<(IWorkshopGrain Workshop, string Code, ImmutableList<Guid> Items)> Workshop(string title, string language)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var state = await workshop.Create(new CreateWorkshop(title, FrameworkId, 1, "owner@example.org", language));
        var framework = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        return (workshop, state.Code, [.. framework.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(3).Select(i => i.Id)]);
    }

    [Fact]
    public async Task A_phone_joined_in_Italian_reads_the_items_in_Italian_with_a_note_that_the_translation_is_unreviewed()
    {
        var (workshop, code, items) = await Workshop("Focus group Trieste", "it");
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Ključne kompetence", "Key competencies").Add("it", "Competenze chiave"), items);
        await workshop.AddActivity(vote);
        await workshop.OpenActivity(vote.Id);
        var italian = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Find(items[0])!.Labels["it"];

        var page = await Browser.NewPage("it-IT", 360, 740);
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await page.Locator("#join-form button[type=submit]").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Competenze chiave" })).ToBeVisibleAsync();
        await Expect(page.Locator(".translation-note")).ToHaveTextAsync("Traduzione delle voci non ancora revisionata.");
        await Expect(page.Locator("#activity")).ToContainTextAsync(italian);
        await Chromium.Screenshot(page, "t-01-phone-italian-unreviewed");

        // The original language carries no note.
        await page.Locator("[data-lang=sl]").ClickAsync();
        await Expect(page.Locator(".translation-note")).ToHaveCountAsync(0);
        await Expect(page.Locator("#activity")).Not.ToContainTextAsync("null");
    }

    [Fact]
    public async Task A_model_owner_marks_French_reviewed_and_the_framework_page_says_so()
    {
        var page = await Browser.NewPage("en-US", 1366, 900);
        await SignIn(page, "owner@example.org", $"/frameworks/{FrameworkId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "FR", Exact = true }).ClickAsync();
        var status = page.Locator(".translation-status");
        await Expect(status).ToContainTextAsync("Unreviewed translation");

        await status.GetByRole(AriaRole.Button, new() { Name = "Mark as reviewed" }).ClickAsync();

        await Expect(status).ToContainTextAsync("Reviewed translation");
        var framework = (await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        Assert.Equal(TranslationStatus.Reviewed, FrameworkTranslations.StatusOf(framework, framework.Version(1)!, "fr"));
        Assert.Equal(TranslationStatus.Machine, FrameworkTranslations.StatusOf(framework, framework.Version(1)!, "it"));
        await Chromium.Screenshot(page, "t-02-framework-french-reviewed");
        await page.GetByRole(AriaRole.Button, new() { Name = "SL", Exact = true }).ClickAsync();
        await Expect(status).ToContainTextAsync("Original language");
    }

    [Fact]
    public async Task The_comparison_says_when_the_chosen_workshops_voted_in_different_languages()
    {
        foreach (var (title, language) in new[] { ("Focus group Lyon", "fr"), ("Focus group Milano", "it") })
        {
            var (workshop, _, items) = await Workshop(title, language);
            var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Ključne kompetence", "Key competencies"), items);
            await workshop.AddActivity(vote);
            await workshop.OpenActivity(vote.Id);
            var joined = (await workshop.JoinMany([new JoinRequest(null, language, null)]))[0].Joined!;
            var ack = await Grains.GetGrain<IParticipantGrain>(joined.ParticipantId).Submit(Answer.ForDots(vote.Id, 1, "c-1", ImmutableDictionary<Guid, int>.Empty.Add(items[0], 2)));
            Assert.True(ack.Accepted, ack.ToString());
            await workshop.CloseActivity(vote.Id);
        }

        var page = await Browser.NewPage("en-US", 1366, 900);
        await SignIn(page, "owner@example.org", $"/frameworks/{FrameworkId}/compare");
        await page.GetByLabel("Focus group Lyon").CheckAsync();
        await Expect(page.GetByTestId("languages-differ")).ToHaveCountAsync(0);
        await page.GetByLabel("Focus group Milano").CheckAsync();

        await Expect(page.GetByTestId("languages-differ")).ToHaveTextAsync("These workshops voted in different languages: FR, IT.");
        await Chromium.Screenshot(page, "t-03-compare-languages");
    }
}
