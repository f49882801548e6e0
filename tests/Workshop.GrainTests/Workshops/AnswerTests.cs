using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>Answers through the participant grains: accepted ones are stored and counted live, refused ones change nothing.</summary>
[Collection(SqliteCollection.Name)]
public sealed class AnswerTests(SqliteCluster fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Dot_vote_answers_are_stored_acknowledged_and_counted_in_the_live_tally()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 4);
        var phones = await workshop.JoinMany(3);
        Answer[] answers =
        [
            Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[0], 2), (vote.Items[1], 2), (vote.Items[2], 1)),
            Phone.Dots(vote, phones[1].NextClientId(), (vote.Items[0], 1)),
            Phone.Dots(vote, phones[2].NextClientId(), (vote.Items[0], 2), (vote.Items[3], 2)),
        ];

        var acks = await Task.WhenAll(phones.Select((p, i) => p.Submit(answers[i])));

        Assert.All(acks, AckAssert.Accepted);
        Assert.Equal(answers.Select(a => a.ClientId), acks.Select(a => a.ClientId));
        for (var i = 0; i < phones.Count; i++)
            Assert.Equal([LiveWorkshop.Describe(answers[i])], await LiveWorkshop.Stored(phones[i]));
        var snapshot = await workshop.WaitForRespondents(3);
        var results = snapshot.Current!.Results!.DotVote!;
        Assert.Equal((3, 10), (results.Respondents, results.TotalDots));
        var first = results.Items[0];
        Assert.Equal((vote.Items[0], 5, 3, 1.0, 1), (first.Item, first.Dots, first.Voters, first.Share, first.Rank));
        Assert.Equal(2, results.Items.Single(i => i.Item == vote.Items[1]).Dots);
        await workshop.WaitForLiveTally(vote, answers);
    }

    [Fact]
    public async Task A_resend_with_the_same_client_id_is_acknowledged_as_a_duplicate_and_counted_once()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var phone = await workshop.Join();
        var answer = Phone.Dots(vote, phone.NextClientId(), (vote.Items[0], 2));
        AckAssert.Accepted(await phone.Submit(answer));

        var resent = await phone.Submit(answer);
        var resentChanged = await phone.Submit(answer with { Dots = ImmutableDictionary<Guid, int>.Empty.Add(vote.Items[1], 1) });
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => phone.Submit(answer)));

        Assert.All(concurrent.Append(resent).Append(resentChanged), ack =>
        {
            Assert.True(ack.Accepted);
            Assert.True(ack.Duplicate);
            Assert.Null(ack.Error);
            Assert.Equal(answer.ClientId, ack.ClientId);
        });
        Assert.Single(await phone.Grain.GetAnswers());
        var other = await workshop.Join();
        var sentinel = Phone.Dots(vote, other.NextClientId(), (vote.Items[2], 1));
        AckAssert.Accepted(await other.Submit(sentinel));
        await workshop.WaitForLiveTally(vote, [answer, sentinel]);
        await workshop.Grain.CloseActivity(vote.Id);
        Assert.Equal(TallyCounts.FromAnswers(vote, [answer, sentinel]), (await workshop.Activity(vote.Id)).Counts);
    }

    [Fact]
    public async Task A_changed_answer_replaces_the_previous_one_and_an_empty_one_withdraws_it()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 4);
        var (ana, bor) = (await workshop.Join(), await workshop.Join());
        AckAssert.Accepted(await ana.Dots(vote, (vote.Items[0], 2), (vote.Items[1], 2)));
        var borFirst = Phone.Dots(vote, bor.NextClientId(), (vote.Items[3], 1));
        AckAssert.Accepted(await bor.Submit(borFirst));
        await workshop.WaitForRespondents(2);

        var anaChanged = Phone.Dots(vote, ana.NextClientId(), (vote.Items[2], 1), (vote.Items[3], 2));
        AckAssert.Accepted(await ana.Submit(anaChanged));
        var live = await workshop.WaitForLiveTally(vote, [anaChanged, borFirst]);

        Assert.Equal(0, live.Current!.Results!.DotVote!.Items.Where(i => i.Item == vote.Items[0] || i.Item == vote.Items[1]).Sum(i => i.Dots));
        var results = (await workshop.Room.GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal((2, 4), (results.Respondents, results.TotalDots));
        Assert.Equal(3, results.Items.Single(i => i.Item == vote.Items[3]).Dots);

        var withdrawal = Phone.Dots(vote, bor.NextClientId(), (vote.Items[3], 0));
        AckAssert.Accepted(await bor.Submit(withdrawal));
        await workshop.WaitForLiveTally(vote, [anaChanged, withdrawal]);
        await workshop.Grain.CloseActivity(vote.Id);
        var closed = await workshop.Activity(vote.Id);
        Assert.Equal(1, closed.ClosedRounds.Single().DotVote!.Respondents);
        Assert.Equal(TallyCounts.FromAnswers(vote, [anaChanged]), closed.Counts);
    }

    [Fact]
    public async Task A_rating_round_counts_each_item_on_both_scales_and_a_re_rating_replaces_the_earlier_ratings()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var rating = await workshop.AddRating(items: 3);
        await workshop.Grain.OpenActivity(rating.Id);
        var phones = await workshop.JoinMany(3);
        var (a, b, c) = (rating.Items[0], rating.Items[1], rating.Items[2]);

        AckAssert.Accepted(await phones[0].Ratings(rating, 1, ("importance", a, 5), ("development", a, 2), ("importance", b, 3)));
        AckAssert.Accepted(await phones[1].Ratings(rating, 1, ("importance", a, 4), ("development", a, 4)));
        AckAssert.Accepted(await phones[2].Ratings(rating, 1, ("importance", a, 1)));
        // Rated one item at a time: the whole map each time, the later one replaces the earlier.
        AckAssert.Accepted(await phones[2].Ratings(rating, 1, ("importance", a, 3), ("importance", c, 2), ("development", c, 5)));
        var live = await workshop.WaitForRespondents(3);
        await workshop.Grain.CloseActivity(rating.Id);

        var results = (await workshop.Activity(rating.Id)).ClosedRounds.Single().Rating!;
        Assert.Equal(3, results.Respondents);
        var importanceOfA = results.Items.Single(i => i.Item == a).For("importance")!;
        Assert.Equal((3, 4.0, 4.0), (importanceOfA.N, importanceOfA.Mean, importanceOfA.Median));
        Assert.Equal([0, 0, 1, 1, 1], importanceOfA.Histogram);
        Assert.Equal(3.0, results.Items.Single(i => i.Item == a).For("development")!.Mean);
        Assert.Equal(1, results.Items.Single(i => i.Item == b).For("importance")!.N);
        Assert.Equal(0, results.Items.Single(i => i.Item == b).For("development")!.N);
        Assert.Null(results.Items.Single(i => i.Item == b).For("development")!.Mean);
        Assert.Equal(new MatrixPoint(c, 2.0, 5.0), results.Matrix!.Points.Single(p => p.Item == c));
        Assert.Equal(3, live.Current!.Results!.Rating!.Respondents);
    }

    [Fact]
    public async Task A_ranking_round_scores_borda_and_mean_rank_and_a_new_order_replaces_the_old()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var ranking = await workshop.AddRanking(items: 4, top: 3);
        await workshop.Grain.OpenActivity(ranking.Id);
        var phones = await workshop.JoinMany(3);
        var (a, b, c, d) = (ranking.Items[0], ranking.Items[1], ranking.Items[2], ranking.Items[3]);

        AckAssert.Accepted(await phones[0].Ranking(ranking, 1, d, c, b));
        AckAssert.Accepted(await phones[0].Ranking(ranking, 1, a, b, c));
        AckAssert.Accepted(await phones[1].Ranking(ranking, 1, a, c, b));
        AckAssert.Accepted(await phones[2].Ranking(ranking, 1, b, a));
        await workshop.WaitForRespondents(3);
        await workshop.Grain.CloseActivity(ranking.Id);

        var results = (await workshop.Activity(ranking.Id)).ClosedRounds.Single().Ranking!;
        Assert.Equal(3, results.Respondents);
        Assert.Equal([a, b, c, d], results.Items.Select(i => i.Item));
        var first = results.Items[0];
        Assert.Equal((3, 8, 4.0 / 3, 1), (first.N, first.Borda, first.MeanRank, first.Rank));
        Assert.Equal((3, 6), (results.Items[1].N, results.Items[1].Borda));
        Assert.Equal((0, 0, (double?)null), (results.Items[3].N, results.Items[3].Borda, results.Items[3].MeanRank));
        Assert.InRange(results.KendallW, 0.0, 1.0);
        Assert.True(results.KendallW > 0);
    }

    [Fact]
    public async Task Refused_answers_change_neither_the_participants_answers_nor_the_tally()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.AddDotVote(items: 3, budget: 5, maxPerItem: 2);
        var rating = await workshop.AddRating(items: 3);
        var ranking = await workshop.AddRanking(items: 4, top: 3);
        var notInAnyActivity = workshop.Competencies[10].Id;
        var phone = await workshop.Join();
        var other = await workshop.Join();

        // Before the vote is opened, and for an activity that is not the open one.
        var pending = await phone.Dots(vote, (vote.Items[0], 1));
        await workshop.Grain.OpenActivity(vote.Id);
        var kept = Phone.Dots(vote, phone.NextClientId(), (vote.Items[0], 1));
        AckAssert.Accepted(await phone.Submit(kept));
        var refused = new List<(WorkshopError Expected, AnswerAck Ack)>
        {
            (WorkshopError.ActivityClosed, pending),
            (WorkshopError.ItemNotInActivity, await phone.Dots(vote, (notInAnyActivity, 1))),
            (WorkshopError.OverBudget, await phone.Dots(vote, (vote.Items[0], 2), (vote.Items[1], 2), (vote.Items[2], 2))),
            (WorkshopError.OverItemCap, await phone.Dots(vote, (vote.Items[0], 3))),
            (WorkshopError.NegativeDots, await phone.Dots(vote, (vote.Items[0], -1), (vote.Items[1], 2))),
            (WorkshopError.ActivityClosed, await phone.Ratings(rating, 1, ("importance", rating.Items[0], 3))),
            (WorkshopError.ActivityClosed, await phone.Submit(Phone.Dots(vote, phone.NextClientId(), (vote.Items[0], 1)) with { Round = 2 })),
            (WorkshopError.WrongKind, await phone.Submit(Answer.ForRanking(vote.Id, 1, phone.NextClientId(), [vote.Items[0]]))),
            (WorkshopError.ClientIdMissing, await phone.Submit(Phone.Dots(vote, " ", (vote.Items[1], 1)))),
        };
        await workshop.Grain.CloseActivity(vote.Id);
        refused.Add((WorkshopError.ActivityClosed, await phone.Dots(vote, (vote.Items[1], 1))));

        await workshop.Grain.OpenActivity(rating.Id);
        refused.Add((WorkshopError.RatingOutOfRange, await phone.Ratings(rating, 1, ("importance", rating.Items[0], 6))));
        refused.Add((WorkshopError.RatingOutOfRange, await phone.Ratings(rating, 1, ("development", rating.Items[1], 0))));
        refused.Add((WorkshopError.UnknownScale, await phone.Ratings(rating, 1, ("beauty", rating.Items[0], 3))));
        refused.Add((WorkshopError.ItemNotInActivity, await phone.Ratings(rating, 1, ("importance", notInAnyActivity, 3))));
        await workshop.Grain.CloseActivity(rating.Id);

        await workshop.Grain.OpenActivity(ranking.Id);
        var (a, b, c, d) = (ranking.Items[0], ranking.Items[1], ranking.Items[2], ranking.Items[3]);
        refused.Add((WorkshopError.DuplicateRank, await phone.Ranking(ranking, 1, a, b, a)));
        refused.Add((WorkshopError.TooManyRanks, await phone.Ranking(ranking, 1, a, b, c, d)));
        refused.Add((WorkshopError.ItemNotInActivity, await phone.Ranking(ranking, 1, a, notInAnyActivity)));
        // A sentinel answer from someone else: once it is in the live tally, any delta sent before it would be too.
        var sentinel = Answer.ForRanking(ranking.Id, 1, other.NextClientId(), [c, d]);
        AckAssert.Accepted(await other.Submit(sentinel));
        await workshop.WaitForLiveTally(ranking, [sentinel]);
        await workshop.Grain.CloseActivity(ranking.Id);

        Assert.All(refused, r => AckAssert.Refused(r.Expected, r.Ack));
        Assert.Equal(LiveWorkshop.Describe([kept]), await LiveWorkshop.Stored(phone));
        var state = await workshop.State();
        Assert.Equal(TallyCounts.FromAnswers(vote, [kept]), state.Activity(vote.Id)!.Counts);
        Assert.Equal(TallyCounts.Empty, state.Activity(rating.Id)!.Counts);
        Assert.Equal(TallyCounts.FromAnswers(ranking, [sentinel]), state.Activity(ranking.Id)!.Counts);
    }

    [Fact]
    public async Task A_refused_client_id_is_not_remembered_so_the_corrected_answer_may_reuse_it()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 3, budget: 3, maxPerItem: 2);
        var phone = await workshop.Join();
        var clientId = phone.NextClientId();

        var tooMany = await phone.Submit(Phone.Dots(vote, clientId, (vote.Items[0], 2), (vote.Items[1], 2)));
        var corrected = await phone.Submit(Phone.Dots(vote, clientId, (vote.Items[0], 2), (vote.Items[1], 1)));

        AckAssert.Refused(WorkshopError.OverBudget, tooMany);
        AckAssert.Accepted(corrected);
        await workshop.WaitForRespondents(1);
    }

    [Fact]
    public async Task Contributions_that_arrive_again_late_or_out_of_order_leave_the_live_tally_at_the_stored_answers()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 3);
        var phones = await workshop.JoinMany(2);
        var first = Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[0], 2));
        var changed = Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[2], 1));
        var other = Phone.Dots(vote, phones[1].NextClientId(), (vote.Items[1], 1));
        AckAssert.Accepted(await phones[0].Submit(first));
        AckAssert.Accepted(await phones[0].Submit(changed));
        await workshop.WaitForLiveTally(vote, [changed]);

        // As if a silo had been slow to forward the first answer, then forwarded both again after a fault.
        await workshop.Room.Contribute([new TallyContribution(phones[0].ParticipantId, 1, first)]);
        await workshop.Room.Contribute([new TallyContribution(phones[0].ParticipantId, 2, changed), new TallyContribution(phones[0].ParticipantId, 2, changed)]);
        AckAssert.Accepted(await phones[1].Submit(other));

        await workshop.WaitForLiveTally(vote, [changed, other]);
    }

    [Fact]
    public async Task A_new_activation_of_the_room_counts_the_live_tally_from_the_stored_answers()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 3);
        var phones = await workshop.JoinMany(3);
        var answers = new List<Answer>();
        foreach (var phone in phones)
        {
            var answer = Phone.Dots(vote, phone.NextClientId(), (vote.Items[answers.Count], 2));
            AckAssert.Accepted(await phone.Submit(answer));
            answers.Add(answer);
        }
        await workshop.WaitForLiveTally(vote, answers);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await workshop.WaitForLiveTally(vote, answers);
    }

    [Fact]
    public async Task A_participant_of_another_workshop_cannot_answer_the_open_activity_of_this_one()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var otherWorkshop = await LiveWorkshop.Create(Grains, title: "Focus group Trieste");
        var otherVote = await otherWorkshop.OpenDotVote();
        var insider = await workshop.Join();
        var outsider = await otherWorkshop.Join();

        var intrusion = await outsider.Dots(vote, (vote.Items[0], 2));
        var sameActivityIdElsewhere = await outsider.Submit(Phone.Dots(vote, outsider.NextClientId(), (vote.Items[1], 1)));
        var notJoined = await Grains.GetGrain<IParticipantGrain>(Guid.NewGuid()).Submit(Phone.Dots(vote, "x-1", (vote.Items[0], 1)));
        var own = Phone.Dots(vote, insider.NextClientId(), (vote.Items[2], 1));
        AckAssert.Accepted(await insider.Submit(own));
        var outsidersOwn = Phone.Dots(otherVote, outsider.NextClientId(), (otherVote.Items[0], 1));
        AckAssert.Accepted(await outsider.Submit(outsidersOwn));

        AckAssert.Refused(WorkshopError.ActivityClosed, intrusion);
        AckAssert.Refused(WorkshopError.ActivityClosed, sameActivityIdElsewhere);
        AckAssert.Refused(WorkshopError.NotAParticipant, notJoined);
        Assert.Null(await Grains.GetGrain<IParticipantGrain>(Guid.NewGuid()).Authenticate(insider.Token));
        Assert.Equal(LiveWorkshop.Describe([outsidersOwn]), await LiveWorkshop.Stored(outsider));
        await workshop.WaitForLiveTally(vote, [own]);
        await otherWorkshop.WaitForLiveTally(otherVote, [outsidersOwn]);
        await workshop.Grain.CloseActivity(vote.Id);
        Assert.Equal(TallyCounts.FromAnswers(vote, [own]), (await workshop.Activity(vote.Id)).Counts);
        Assert.DoesNotContain(outsider.ParticipantId, (await workshop.Record()).Participants.Select(p => p.Id));
    }
}
