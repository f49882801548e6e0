using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Identity;

public sealed class FirstAdministratorTests
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Fact]
    public async Task A_fresh_install_sends_page_visits_to_setup_but_serves_the_api_and_health()
    {
        await using var app = new WorkshopApp();
        var client = app.CreateClient(NoRedirects);

        var page = await client.GetAsync("/frameworks");
        var api = await client.GetAsync("/api/frameworks");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/setup", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task The_administrator_from_configuration_is_created_at_start_and_closes_setup()
    {
        await using var app = new WorkshopApp(new Dictionary<string, string?>
        {
            ["Workshop:Administrator:Email"] = "owner@example.org",
            ["Workshop:Administrator:Password"] = "correct-horse-42",
        });
        var client = app.CreateClient(NoRedirects);

        var page = await client.GetAsync("/frameworks");
        var second = await app.Services.GetRequiredService<FirstAdministrator>().Create("intruder@example.org", "correct-horse-42");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(second.Succeeded);
        Assert.Equal("SetupClosed", Assert.Single(second.Errors).Code);
    }

    [Fact]
    public async Task A_weak_password_creates_no_administrator()
    {
        await using var app = new WorkshopApp();
        var setup = app.Services.GetRequiredService<FirstAdministrator>();

        var result = await setup.Create("owner@example.org", "short");

        Assert.False(result.Succeeded);
        Assert.True(await setup.IsNeeded());
    }

    [Fact]
    public async Task The_interface_language_switch_refuses_an_unknown_language_and_a_foreign_return_address()
    {
        await using var app = new WorkshopApp();
        var client = app.CreateClient(NoRedirects);

        var unknown = await client.GetAsync("/culture/xx?returnUrl=/frameworks");
        var foreign = await client.GetAsync("/culture/sl?returnUrl=//evil.example/");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, foreign.StatusCode);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
    }
}
