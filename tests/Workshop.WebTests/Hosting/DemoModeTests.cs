using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Hosting;

/// <summary>The README's demo path, literally: the built app with --Workshop:Demo=true and the credentials the README names.</summary>
public sealed partial class DemoModeTests(Chromium browser) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_readme_demo_path_signs_in_with_the_readme_credentials_opens_the_console_and_a_phone_joins()
    {
        var (email, password, code) = DemoPathOfReadme();
        await using var app = await AppProcess.Start("--Workshop:Demo=true");
        try
        {
            // The demo user exists before the first visit: nobody can claim the install through setup.
            var console = await browser.NewPage("en-US", 1400, 1000);
            await console.GotoAsync(app.BaseAddress.ToString());
            Assert.DoesNotContain("/setup", console.Url);

            await console.GotoAsync(new Uri(app.BaseAddress, "/account/login").ToString());
            await console.GetByLabel("Email").FillAsync(email);
            await console.GetByLabel("Password").FillAsync(password);
            await console.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).Last.ClickAsync();
            await console.Locator("[data-interactive]").WaitForAsync();
            await console.GetByRole(AriaRole.Link, new() { Name = "Workshops" }).ClickAsync();
            await console.GetByRole(AriaRole.Link, new() { Name = "Demo focus group" }).ClickAsync();
            await Expect(console.GetByTestId("join-code")).ToHaveTextAsync(code);
            await console.Locator("[data-interactive]").WaitForAsync();

            var phone = await browser.NewPage("en-US", 360, 740);
            await phone.GotoAsync(new Uri(app.BaseAddress, $"/j/{code}").ToString());
            await phone.Locator("body[data-connection=connected]").WaitForAsync();
            await phone.Locator("#name").FillAsync("Ana");
            await phone.Locator("#join-form button[type=submit]").ClickAsync();
            await phone.Locator("body[data-screen=dotVote]").WaitForAsync();
            await Expect(console.GetByTestId("participant-count")).ToContainTextAsync("1");
            browser.AssertNoCspViolations();
        }
        finally
        {
            await browser.CloseContexts();
        }
    }

    [Fact]
    public async Task Demo_mode_that_cannot_create_its_facilitator_stops_the_start_with_identitys_reason()
    {
        string folder;
        await using (var before = new WorkshopApp())
        {
            // Someone already holds the demo user's name under another email, so Identity refuses to create it.
            await using var scope = before.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.CreateAsync(new IdentityUser { UserName = "demo@example.org", Email = "someone@example.org" }, "correct-horse-42")).Succeeded);
            folder = before.Folder;
        }
        await using var demo = new WorkshopApp(new Dictionary<string, string?> { ["Workshop:Demo"] = "true" }, folder);

        var error = Record.Exception(() => demo.Services);

        Assert.NotNull(error);
        Assert.Contains("Demo mode could not create its facilitator demo@example.org: An account named demo@example.org already exists.", error.ToString());
    }

    /// <summary>The email, password and join code exactly as README.md's demo section names them.</summary>
    private static (string Email, string Password, string Code) DemoPathOfReadme()
    {
        var readme = File.ReadAllText(Path.Combine(AppProcess.SolutionFolder(), "README.md"));
        var section = readme[readme.IndexOf("(demo mode)", StringComparison.Ordinal)..];
        Assert.Contains("dotnet run --project web -- --Workshop:Demo=true", section);
        var credentials = Credentials().Match(section);
        var code = JoinLink().Match(section);
        Assert.True(credentials.Success && code.Success, "README.md's demo section no longer names the demo user, its password and a /j/ link.");
        return (credentials.Groups[1].Value, credentials.Groups[2].Value, code.Groups[1].Value);
    }

    [GeneratedRegex("facilitator `([^`]+)` with the password `([^`]+)`")]
    private static partial Regex Credentials();

    [GeneratedRegex(@"/j/([A-Z0-9]+)")]
    private static partial Regex JoinLink();
}
