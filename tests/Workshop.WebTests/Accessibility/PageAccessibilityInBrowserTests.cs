using System.Collections.Immutable;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Workshop.WebTests.Accessibility.AccessibilityChecks;

namespace Workshop.WebTests.Accessibility;

/// <summary>The sign-in page, the framework pages, the comparison and the users' page meet WCAG 2.1 AA in English and Slovenian (issue 12).</summary>
public sealed class PageAccessibilityInBrowserTests(Chromium chromium) : BrowserTest(chromium, Facilitator)
{
    private const string Facilitator = "facilitator@example.org";
    private const string FrameworkId = DelphiWorkshop.FrameworkId;

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("sl-SI", "sl")]
    public async Task The_sign_in_framework_list_editor_history_diff_proposals_compare_and_users_pages_have_no_serious_axe_violations_in_the_browsers_language(string locale, string language)
    {
        string T(string key) => Text(language, key);
        var (workshop, activity) = await DelphiWorkshop.Run(Grains, Facilitator, "Accessible focus group");
        await Grains.GetGrain<IWorkshopGrain>(workshop).Propose(Facilitator,
            new ProposalDraft(ProposalKind.Rewording, activity.Definition.Items[0], null, ImmutableDictionary<string, string>.Empty.Add("en", "Coordinates the network"), "Shorter"));
        var framework = Grains.GetGrain<IFrameworkGrain>(FrameworkId);
        var draft = await framework.StartDraft(Facilitator);
        var first = (await framework.Get())!.Version(draft)!.Items.First(i => i.Kind == ItemKind.Competency);
        await framework.UpdateItem(draft, first.Id, new ItemDraft(first.Kind, first.Code, first.Labels.SetItem("en", "Coordinates the whole network"), first.Descriptions));

        var page = await Browser.NewPage(locale, 1280, 800);
        var violations = new List<string>();
        ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name }).First;
        async Task Check(string? path, Func<ILocator> shown, string view)
        {
            if (path is not null && page.Url != new Uri(BaseAddress, path).ToString()) await Chromium.GoToInteractive(page, new Uri(BaseAddress, path));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(shown()).ToBeVisibleAsync();
            violations.AddRange(await SeriousViolations(page, $"page-{view}-{language}"));
        }

        await page.GotoAsync(new Uri(BaseAddress, "/account/login").ToString());
        await Expect(page.Locator("main input[type=email]")).ToHaveAccessibleNameAsync(T("Email"));
        await Check("/account/login", () => Heading(T("Sign in")), "sign-in");
        await SignIn(page, Facilitator, "/frameworks", language: language);
        await Check("/frameworks", () => Heading(T("Competency frameworks")), "framework-list");
        await Check($"/frameworks/{FrameworkId}", () => page.GetByTestId("version"), "framework");
        await Check($"/frameworks/{FrameworkId}?version={draft}", () => page.GetByRole(AriaRole.Button, new() { Name = T("Publish") }), "framework-draft");
        await Check($"/frameworks/{FrameworkId}/history", () => Heading(T("Version history")), "history");
        await Check($"/frameworks/{FrameworkId}/diff?from=1&to={draft}", () => Heading($"{T("What changed")}: {T("Version")} 1 → {draft}"), "diff");
        await Check($"/frameworks/{FrameworkId}/proposals", () => Heading(T("Proposals")), "proposals");

        await Chromium.GoToInteractive(page, new Uri(BaseAddress, $"/frameworks/{FrameworkId}/compare"));
        await page.GetByLabel("Accessible focus group").CheckAsync();
        await page.GetByLabel(T("Rating: importance")).CheckAsync();
        await Check(null, () => page.GetByTestId("comparison"), "compare");
        await Check("/admin/users", () => Heading(T("Users")), "users");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
