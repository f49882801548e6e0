using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Identity;

/// <summary>Sign-in and setup form posts through the real server: limited per address, and a locked account says for how long.</summary>
public sealed partial class SignInLimitTests
{
    private const string Owner = "owner@example.org";
    private const string Password = "correct-horse-42";
    private const string Setting = "Workshop:SignInAttemptsPerMinute";

    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_a_minute_from_one_address_get_429_with_a_sentence_even_with_the_right_password()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?>
        {
            ["Workshop:Administrator:Email"] = Owner,
            ["Workshop:Administrator:Password"] = Password,
            [Setting] = "3",
        });
        var client = app.CreateClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var wrong = await PostForm(client, "/account/login", "login", ("Input.Email", $"guess{attempt}@example.org"), ("Input.Password", "wrong-password-1"));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("The email or password is not right.", await wrong.Content.ReadAsStringAsync());
        }
        var limited = await PostForm(client, "/account/login", "login", ("Input.Email", Owner), ("Input.Password", Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("Too many sign-in attempts from your network. Wait a minute, then try again.", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Setup_posts_beyond_the_limit_a_minute_from_one_address_get_429_and_create_nobody()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?> { [Setting] = "2" });
        var client = app.CreateClient();

        for (var attempt = 1; attempt <= 2; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await PostForm(client, "/setup", "setup",
                ("Input.Email", Owner), ("Input.Password", "short"), ("Input.ConfirmPassword", "short"))).StatusCode);
        var limited = await PostForm(client, "/setup", "setup", ("Input.Email", Owner), ("Input.Password", Password), ("Input.ConfirmPassword", Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(await app.Services.GetRequiredService<FirstAdministrator>().IsNeeded());
    }

    [Fact]
    public async Task A_locked_account_is_told_how_many_minutes_remain_instead_of_a_wrong_password()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?>
        {
            ["Workshop:Administrator:Email"] = Owner,
            ["Workshop:Administrator:Password"] = Password,
            [Setting] = "100",
        });
        var client = app.CreateClient();

        // Identity locks an account after 10 wrong passwords (WorkshopIdentity) for its default 5 minutes.
        for (var attempt = 1; attempt <= 10; attempt++)
            await PostForm(client, "/account/login", "login", ("Input.Email", Owner), ("Input.Password", "wrong-password-1"));
        var locked = await PostForm(client, "/account/login", "login", ("Input.Email", Owner), ("Input.Password", Password));

        var html = WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync());
        Assert.Contains("This account is locked; try again in 5 minutes.", html);
        Assert.DoesNotContain("The email or password is not right.", html);
    }

    /// <summary>Posts a Blazor SSR form as a browser does: with the antiforgery token of the page it came from.</summary>
    private static async Task<HttpResponseMessage> PostForm(HttpClient client, string path, string form, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"{path} has no antiforgery token.");
        return await client.PostAsync(path, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
                .Append(KeyValuePair.Create("_handler", form))
                .Append(KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)))));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
