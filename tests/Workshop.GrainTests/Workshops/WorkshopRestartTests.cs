using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

[Collection(SqliteCollection.Name)]
public sealed class WorkshopRestartOnSqliteTests(SqliteCluster cluster) : WorkshopRestartTests(cluster);

[Collection(PostgreSqlCollection.Name)]
public sealed class WorkshopRestartOnPostgreSqlTests(PostgreSqlCluster cluster) : WorkshopRestartTests(cluster);

/// <summary>"An acknowledged answer is never lost": answers, participants and the open activity outlive the silo.</summary>
public abstract class WorkshopRestartTests(WorkshopClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_restart_in_the_middle_of_a_vote_loses_no_acknowledged_answer_and_the_vote_goes_on()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var vote = await workshop.OpenDotVote(items: 4);
        var phones = await workshop.JoinMany(6);
        var latest = new Answer?[phones.Count + 1];
        for (var i = 0; i < phones.Count; i++)
        {
            latest[i] = Phone.Dots(vote, phones[i].NextClientId(), (vote.Items[i % 4], 2), (vote.Items[(i + 1) % 4], 1));
            AckAssert.Accepted(await phones[i].Submit(latest[i]!));
        }
        // The last two change their answers right before the restart, without waiting for the live tally.
        for (var i = 4; i < 6; i++)
        {
            latest[i] = Phone.Dots(vote, phones[i].NextClientId(), (vote.Items[3], 2), (vote.Items[2], 2), (vote.Items[1], 1));
            AckAssert.Accepted(await phones[i].Submit(latest[i]!));
        }
        var resend = latest[0]!;

        await fixture.RestartSiloAsync();

        // The code, the tokens, the open activity and the answers are all still there.
        Assert.Equal(workshop.Id, await fixture.Grains.GetGrain<IJoinCodeGrain>(workshop.Code).Resolve());
        Assert.Equal(workshop.Id, (await phones[0].Grain.Authenticate(phones[0].Token))?.WorkshopId);
        var snapshot = await workshop.Room.GetSnapshot();
        Assert.Equal((vote.Id, ActivityStatus.Open), (snapshot.Current!.Definition.Id, snapshot.Current.Status));
        Assert.Equal(6, (await workshop.Record()).Participants.Count);
        // The live count is of connected phones: none until they reconnect.
        Assert.Equal(0, snapshot.ParticipantCount);
        await workshop.Room.Connected([phones[0].ParticipantId], true);
        Assert.Equal(1, (await workshop.Room.GetSnapshot()).ParticipantCount);
        var duplicate = await phones[0].Submit(resend);
        Assert.True(duplicate.Accepted && duplicate.Duplicate, "A resend after the restart was not recognised as a duplicate.");
        latest[1] = Phone.Dots(vote, phones[1].NextClientId(), (vote.Items[0], 1));
        AckAssert.Accepted(await phones[1].Submit(latest[1]!));
        var late = await workshop.Join();
        latest[6] = Phone.Dots(vote, late.NextClientId(), (vote.Items[2], 2));
        AckAssert.Accepted(await late.Submit(latest[6]!));
        await workshop.Grain.CloseActivity(vote.Id);

        var closed = await workshop.Activity(vote.Id);
        var expected = TallyCounts.FromAnswers(vote, latest);
        Assert.Equal(LiveWorkshop.Describe(expected), LiveWorkshop.Describe(closed.Counts));
        Assert.Equal(7, Assert.Single(closed.ClosedRounds).DotVote!.Respondents);
        Assert.Equal(2, Assert.Single(await phones[1].Grain.GetAnswers()).Count);
        AckAssert.Refused(WorkshopError.ActivityClosed, await phones[2].Dots(vote, (vote.Items[0], 1)));
    }

    [Fact]
    public async Task After_a_silo_restart_the_live_tally_is_recounted_from_the_answers_and_keeps_counting_changed_answers()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var vote = await workshop.OpenDotVote(items: 3);
        var phones = await workshop.JoinMany(3);
        var latest = new Answer[phones.Count];
        for (var i = 0; i < phones.Count; i++)
        {
            latest[i] = Phone.Dots(vote, phones[i].NextClientId(), (vote.Items[i], 2));
            AckAssert.Accepted(await phones[i].Submit(latest[i]));
        }

        // Restarted before the aggregator's next flush: the live tally had not seen all of these answers.
        await fixture.RestartSiloAsync();

        await workshop.WaitForLiveTally(vote, latest);
        latest[0] = Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[1], 1));
        AckAssert.Accepted(await phones[0].Submit(latest[0]));
        await workshop.WaitForLiveTally(vote, latest);
    }
}
