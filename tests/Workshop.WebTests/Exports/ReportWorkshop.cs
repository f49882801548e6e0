using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.WebTests.Exports;

/// <summary>
/// A workshop with one activity of every kind, closed, as a report prints it: a dot vote, a rating of importance and
/// development (so the matrix), a ranking and a board with a voted cluster; five participants.
/// </summary>
public static class ReportWorkshop
{
    public const string FrameworkId = "community-network-coordinator";

    public static async Task<Guid> Run(IGrainFactory grains, string facilitator, string title)
    {
        var id = Guid.NewGuid();
        var grain = grains.GetGrain<IWorkshopGrain>(id);
        await grain.Create(new CreateWorkshop(title, FrameworkId, 1, facilitator, "en", []));
        await grain.Start();
        var items = (await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id).ToList();
        static ImmutableDictionary<string, string> En(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), En("Which competencies matter most?"), items);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), En("Importance and development"), items);
        var ranking = ActivityDefinition.Ranking(Guid.NewGuid(), En("Rank the first three"), items);
        var board = ActivityDefinition.Board(Guid.NewGuid(), En("What is missing?"), [new BoardPrompt("missing", En("What is missing?"))]);
        foreach (var activity in new[] { vote, rating, ranking, board }) await grain.AddActivity(activity);
        var phones = new List<Joined>();
        for (var i = 0; i < 5; i++)
            phones.Add((await grain.JoinMany([new JoinRequest(null, "en", ImmutableDictionary<string, string>.Empty)]))[0].Joined!);

        async Task Answer(ActivityDefinition activity, Func<int, Answer> answer)
        {
            await grain.OpenActivity(activity.Id);
            for (var p = 0; p < phones.Count; p++)
            {
                var ack = await grains.GetGrain<IParticipantGrain>(phones[p].ParticipantId).Submit(answer(p));
                Assert.True(ack.Accepted, ack.Message);
            }
            await grain.CloseActivity(activity.Id);
        }
        await Answer(vote, p => Grains.Workshops.Answer.ForDots(vote.Id, 1, $"v{p}", ImmutableDictionary<Guid, int>.Empty.Add(items[0], 2).Add(items[1 + p % 3], 1)));
        await Answer(rating, p => Grains.Workshops.Answer.ForRatings(rating.Id, 1, $"r{p}", ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
            .Add("importance", items.ToImmutableDictionary(i => i, i => 1 + (items.IndexOf(i) + p) % 5))
            .Add("development", items.ToImmutableDictionary(i => i, i => 5 - (items.IndexOf(i) * p) % 5))));
        await Answer(ranking, p => Grains.Workshops.Answer.ForRanking(ranking.Id, 1, $"k{p}", [items[p % 2], items[2], items[1 - p % 2]]));

        await grain.OpenActivity(board.Id);
        var boardGrain = grains.GetGrain<IBoardGrain>(board.Id);
        var cluster = await boardGrain.CreateCluster(facilitator, "Mentoring");
        foreach (var text in new[] { "A mentor for every newcomer", "Time to reflect together" })
            await boardGrain.AssignNote(facilitator, await boardGrain.PostAsFacilitator(facilitator, "missing", text), cluster);
        await boardGrain.PostAsFacilitator(facilitator, "missing", "Funding for training");
        await boardGrain.OpenVoting(facilitator, BoardVoting.Clusters);
        foreach (var phone in phones.Take(3))
            await boardGrain.Vote(new BoardParticipant(id, phone.ParticipantId, phone.Pseudonym), $"b-{phone.ParticipantId:N}", ImmutableDictionary<Guid, int>.Empty.Add(cluster, 2));
        await grain.CloseActivity(board.Id);
        return id;
    }
}
