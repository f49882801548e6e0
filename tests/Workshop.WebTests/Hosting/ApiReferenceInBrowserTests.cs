using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Hosting;

/// <summary>The API reference (Scalar) opens from the menu for a signed-in user, entirely from this server and within its Content-Security-Policy.</summary>
public sealed class ApiReferenceInBrowserTests(Chromium chromium) : BrowserTest(chromium, "admin@example.org")
{
    [Fact]
    public async Task A_signed_in_user_opens_the_api_reference_from_the_menu_and_it_loads_only_from_this_server()
    {
        var page = await Browser.NewPage("en-US");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await SignIn(page, "admin@example.org", "/frameworks");

        await page.GetByRole(AriaRole.Link, new() { Name = "API", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(BaseAddress, "/scalar/").ToString());
        await Expect(page.GetByText("List the frameworks").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workshop API" })).ToBeVisibleAsync();
        await Chromium.Screenshot(page, "api-reference");
        Assert.All(requests, url => Assert.True(url.StartsWith(BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
    }
}
