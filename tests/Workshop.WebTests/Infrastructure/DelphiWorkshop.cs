using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.WebTests.Infrastructure;

/// <summary>A workshop where five participants rate two items of the seed framework in two Delphi rounds under the default consensus rule.</summary>
public static class DelphiWorkshop
{
    public const string FrameworkId = "community-network-coordinator";

    /// <returns>The workshop and its activity as the closes left it, with the rounds they stored.</returns>
    public static async Task<(Guid Id, ActivityState Activity)> Run(IGrainFactory grains, string facilitator, string title)
    {
        var id = Guid.NewGuid();
        var grain = grains.GetGrain<IWorkshopGrain>(id);
        await grain.Create(new CreateWorkshop(title, FrameworkId, 1, facilitator, "en", []));
        await grain.Start();
        var items = (await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(2).Select(i => i.Id).ToList();
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Delphi rating"), items, [RatingScale.Importance])
            with { Consensus = new ConsensusRule() };
        await grain.AddActivity(rating);
        var phones = new List<Guid>();
        for (var i = 0; i < 5; i++)
            phones.Add((await grain.JoinMany([new JoinRequest(null, "en", ImmutableDictionary<string, string>.Empty)]))[0].Joined!.ParticipantId);

        // Round 1: the first item nearly agreed, the second spread out; round 2: both move towards the group.
        foreach (var (round, first, second) in new[] { (1, new[] { 5, 5, 5, 4, 2 }, new[] { 3, 2, 3, 4, 1 }), (2, [5, 5, 5, 4, 4], [3, 3, 3, 4, 2]) })
        {
            await grain.OpenActivity(rating.Id);
            for (var p = 0; p < phones.Count; p++)
            {
                var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
                    .Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(items[0], first[p]).Add(items[1], second[p]));
                var ack = await grains.GetGrain<IParticipantGrain>(phones[p]).Submit(Answer.ForRatings(rating.Id, round, $"d{round}-{p}", ratings));
                Assert.True(ack.Accepted, ack.Message);
            }
            await grain.CloseActivity(rating.Id);
        }
        var activity = (await grain.GetRecord())!.Workshop.Activity(rating.Id)!;
        Assert.True(activity.DelphiRounds is { Count: 2 },
            "the close of each round of an activity with a consensus rule stores its DelphiRound in ActivityState.DelphiRounds (issue 11, the workshop's close)");
        return (id, activity);
    }
}
