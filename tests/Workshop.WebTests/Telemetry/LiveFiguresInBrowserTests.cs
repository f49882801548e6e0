using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Telemetry;

/// <summary>The console's live panel of this server's figures: for administrators only, updated while phones answer.</summary>
public sealed class LiveFiguresInBrowserTests(Chromium chromium) : BrowserTest(chromium, Administrator)
{
    private const string Administrator = "admin@example.org", Facilitator = "bor@example.org";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = Facilitator, Email = Facilitator, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Facilitator)).Succeeded);
    }

    /// <summary>A started workshop of <paramref name="facilitator"/> with an open dot vote on one item.</summary>
    private async Task<(Guid Id, string Code)> LiveWorkshop(string facilitator)
    {
        var grains = App.Services.GetRequiredService<IGrainFactory>();
        var id = Guid.NewGuid();
        var workshop = grains.GetGrain<IWorkshopGrain>(id);
        var created = await workshop.Create(new CreateWorkshop("Focus group Piran", "community-network-coordinator", 1, facilitator, "en"));
        var item = (await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items.First(i => i.Kind == ItemKind.Competency).Id;
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), [item]);
        await workshop.AddActivity(vote);
        await workshop.Start();
        await workshop.OpenActivity(vote.Id);
        return (id, created.Code);
    }

    [Fact]
    public async Task An_administrator_sees_the_figures_move_as_a_phone_joins_and_answers_and_a_facilitator_sees_no_panel()
    {
        var (id, code) = await LiveWorkshop(Administrator);
        var console = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(console, Administrator, $"/workshops/{id}");
        var panel = console.GetByTestId("live-figures");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("joins")).ToHaveTextAsync("0");

        await using var phone = Connection(BaseAddress);
        await phone.StartAsync();
        var current = Ok(await phone.InvokeAsync<JsonElement>("join", new { code, name = "Ana", language = "en" })).GetProperty("workshop").GetProperty("current");
        var item = current.GetProperty("items")[0].GetProperty("id").GetString()!;
        async Task<JsonElement> Answer(string clientId, int dots) => Ok(await phone.InvokeAsync<JsonElement>("answer", new
        {
            activityId = current.GetProperty("definition").GetProperty("id").GetGuid(), round = 1, clientId, dots = new Dictionary<string, int> { [item] = dots },
        }));
        Assert.True((await Answer("a1", 1)).GetProperty("accepted").GetBoolean());
        Assert.Equal("overItemCap", (await Answer("a2", 3)).GetProperty("error").GetString());

        await Expect(panel.GetByTestId("joins")).ToHaveTextAsync("1");
        await Expect(panel.GetByTestId("phones-connected")).ToHaveTextAsync("1");
        await Expect(panel.GetByTestId("answers-acknowledged")).ToHaveTextAsync("1");
        await Expect(panel.GetByTestId("refusals")).ToHaveTextAsync("1");
        await Expect(panel.GetByTestId("ack-latency")).ToHaveTextAsync(new Regex(@"^[\d.]+ ms / [\d.]+ ms$"));
        await Expect(panel.GetByTestId("batch-size")).ToHaveTextAsync(new Regex(@"^\d+ / \d+$"));
        await Chromium.Screenshot(console, "90-console-live-figures");

        var (ownId, _) = await LiveWorkshop(Facilitator);
        var facilitator = await Browser.NewPage("en-US", 1400, 1000);
        await SignIn(facilitator, Facilitator, $"/workshops/{ownId}");
        await Expect(facilitator.GetByTestId("join-code")).ToBeVisibleAsync();
        await Expect(facilitator.GetByTestId("live-figures")).ToHaveCountAsync(0);
    }
}
