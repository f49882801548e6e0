using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Workshops.Consoles;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>The console's Delphi commands: a refused one comes back as the workshop's sentence, and nothing changed.</summary>
public sealed class DelphiCommandsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private IGrainFactory Grains => shared.App.Services.GetRequiredService<IGrainFactory>();

    private async Task<(ConsoleSession Console, IWorkshopGrain Workshop)> NewConsole()
    {
        var id = Guid.NewGuid();
        var workshop = Grains.GetGrain<IWorkshopGrain>(id);
        await workshop.Create(new CreateWorkshop("Delphi panel Maribor", "community-network-coordinator", 1, "ana@example.org", "en", []));
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ana@example.org"), new Claim(ClaimTypes.Role, Roles.Facilitator)], "test"));
        return (await shared.App.Services.GetRequiredService<WorkshopConsoles>().Open(id, user), workshop);
    }

    private static ActivityDefinition RatingWithRule(ConsoleSession console, DateTimeOffset? closesAt = null) => ActivityDefinition.Rating(
            Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Rate"), [console.Items.First(i => i.Kind == ItemKind.Competency).Id], [RatingScale.Importance])
        with { Consensus = new ConsensusRule(MinN: 1), ClosesAt = closesAt };

    [Fact]
    public async Task A_round_on_the_items_without_consensus_is_refused_with_the_workshops_sentence_when_every_item_reached_it()
    {
        var (console, workshop) = await NewConsole();
        await using var _ = console;
        var rating = RatingWithRule(console);
        Assert.True((await console.AddActivity(rating)).Done);
        Assert.True((await console.OpenActivity(rating.Id)).Done);
        var participant = (await workshop.JoinMany([new JoinRequest(null, "en", null)]))[0].Joined!.ParticipantId;
        var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty.Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(rating.Items[0], 5));
        Assert.True((await Grains.GetGrain<IParticipantGrain>(participant).Submit(Answer.ForRatings(rating.Id, 1, "all-in", ratings))).Accepted);
        Assert.True((await console.CloseActivity(rating.Id)).Done);

        var refused = await console.OpenNextRound(rating.Id, onlyWithoutConsensus: true);

        Assert.Equal((CommandResult.Refused, (Enum?)WorkshopError.InvalidDefinition), (refused.Result, refused.Error));
        Assert.Contains("Every item reached consensus in round 1", refused.Refusal);
        Assert.Equal((ActivityStatus.Closed, 1), ((await workshop.GetState())!.Activity(rating.Id)!.Status, (await workshop.GetState())!.Activity(rating.Id)!.Round));
    }

    [Fact]
    public async Task A_closing_time_that_has_passed_is_refused_and_the_activity_keeps_its_own()
    {
        var (console, workshop) = await NewConsole();
        await using var _ = console;
        var closesAt = DateTimeOffset.UtcNow.AddDays(2);
        var rating = RatingWithRule(console, closesAt);
        Assert.True((await console.AddActivity(rating)).Done);

        var refused = await console.SetClosesAt(rating.Id, DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal(CommandResult.Refused, refused.Result);
        Assert.Contains("The closing time has passed", refused.Refusal);
        Assert.Equal(closesAt, (await workshop.GetState())!.Activity(rating.Id)!.Definition.ClosesAt);
    }
}
