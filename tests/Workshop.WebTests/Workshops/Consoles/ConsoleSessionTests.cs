using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Workshops;
using Workshop.Web.Workshops.Consoles;
using Workshop.WebTests.Infrastructure;
using Xunit.Abstractions;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>The console service between the pages and the grains: access, one view model that follows the workshop, and honest outcomes.</summary>
public sealed class ConsoleSessionTests(SharedApp shared, ITestOutputHelper output) : IClassFixture<SharedApp>
{
    private const string Framework = "community-network-coordinator";
    private IServiceProvider Services => shared.App.Services;
    private WorkshopConsoles Consoles => Services.GetRequiredService<WorkshopConsoles>();

    private static ClaimsPrincipal Facilitator(string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Facilitator)], "test"));

    private static ImmutableDictionary<string, string> En(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);

    private async Task<Guid> NewWorkshop(string by, params string[] coFacilitators)
    {
        var id = Guid.NewGuid();
        var workshop = Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(id);
        await workshop.Create(new CreateWorkshop("Focus group Piran", Framework, 1, by, "en", []));
        foreach (var other in coFacilitators) await workshop.AddFacilitator(by, other);
        return id;
    }

    private static ActivityDefinition DotVote(ConsoleSession console, string title) =>
        ActivityDefinition.DotVote(Guid.NewGuid(), En(title), [console.Items.First(i => i.Kind == ItemKind.Competency).Id]);

    /// <summary>Waits until <paramref name="seen"/> holds of the console's view, at most <paramref name="within"/>; returns how long it took.</summary>
    private static async Task<TimeSpan> Until(ConsoleSession console, Func<ConsoleView, bool> seen, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!seen(console.View!))
        {
            Assert.True(clock.Elapsed < within, $"The console did not show the change within {within.TotalSeconds} s.");
            await Task.Delay(10);
        }
        return clock.Elapsed;
    }

    [Fact]
    public async Task An_activity_a_co_facilitator_adds_appears_on_the_other_console_within_a_second()
    {
        var id = await NewWorkshop("ana@example.org", "bor@example.org");
        await using var ana = await Consoles.Open(id, Facilitator("ana@example.org"));
        await using var bor = await Consoles.Open(id, Facilitator("bor@example.org"));
        var activity = DotVote(ana, "Key competencies");

        var added = await ana.AddActivity(activity);
        var took = await Until(bor, v => v.Agenda.Any(a => a.Id == activity.Id), TimeSpan.FromSeconds(1));
        var opened = await bor.OpenActivity(activity.Id);
        var tookBack = await Until(ana, v => v.Current?.Definition.Id == activity.Id && v.Agenda.Single().Status == ActivityStatus.Open, TimeSpan.FromSeconds(1));

        output.WriteLine($"added in one console, shown in the other after {took.TotalMilliseconds:F0} ms; opened back after {tookBack.TotalMilliseconds:F0} ms");
        Assert.Equal((CommandResult.Done, CommandResult.Done), (added.Result, opened.Result));
    }

    [Fact]
    public async Task A_facilitator_of_another_workshop_gets_no_view_and_every_command_is_refused()
    {
        var id = await NewWorkshop("ana@example.org");
        await using var cene = await Consoles.Open(id, Facilitator("cene@example.org"));

        var opened = await cene.End();

        Assert.Equal((ConsoleAccess.Refused, (ConsoleView?)null), (cene.Access, cene.View));
        Assert.Equal(CommandOutcome.Refused(WorkshopAccess.Refusal), opened);
        Assert.Equal(WorkshopStatus.Draft, (await Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(id).GetState())!.Status);
    }

    [Fact]
    public async Task A_workshop_that_does_not_exist_is_missing()
    {
        await using var console = await Consoles.Open(Guid.NewGuid(), Facilitator("ana@example.org"));

        Assert.Equal(ConsoleAccess.Missing, console.Access);
    }

    [Fact]
    public async Task A_refused_command_returns_the_rules_sentence_and_changes_nothing()
    {
        var id = await NewWorkshop("ana@example.org");
        await using var ana = await Consoles.Open(id, Facilitator("ana@example.org"));

        var unknownActivity = await ana.OpenActivity(Guid.NewGuid());
        var nobody = await ana.AddFacilitator("nobody@example.org");

        Assert.Equal(CommandResult.Refused, unknownActivity.Result);
        Assert.EndsWith(".", unknownActivity.Refusal);
        Assert.Equal(CommandResult.Refused, nobody.Result);
        Assert.StartsWith("No facilitator has this email.", nobody.Refusal);
        Assert.Equal(["ana@example.org"], ana.View!.Workshop.Facilitators);
    }

    [Fact]
    public async Task A_co_facilitator_is_added_by_email_and_shows_on_the_console()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var dana = new IdentityUser { UserName = "dana@example.org", Email = "dana@example.org", EmailConfirmed = true };
            if (await users.FindByEmailAsync(dana.Email) is null)
            {
                Assert.True((await users.CreateAsync(dana, "correct-horse-42")).Succeeded);
                Assert.True((await users.AddToRoleAsync(dana, Roles.Facilitator)).Succeeded);
            }
        }
        var id = await NewWorkshop("ana@example.org");
        await using var ana = await Consoles.Open(id, Facilitator("ana@example.org"));

        var added = await ana.AddFacilitator(" dana@example.org ");

        Assert.Equal(CommandOutcome.Succeeded, added);
        await Until(ana, v => v.Workshop.Facilitators.Contains("dana@example.org"), TimeSpan.FromSeconds(1));
    }
}
