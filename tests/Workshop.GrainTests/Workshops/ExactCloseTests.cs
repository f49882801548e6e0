using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>"A close must be exact: every answer acknowledged before it counts, none acknowledged after it."</summary>
[Collection(SqliteCollection.Name)]
public sealed class ExactCloseTests(SqliteCluster fixture)
{
    private const int Participants = 40;
    /// <summary>Within the burst of the answer rate, so that every refusal is the close's.</summary>
    private const int MaxAnswersEach = AnswerRate.Burst;
    private const int AcceptedBeforeClose = 150;

    private sealed record Sent(Answer Answer, AnswerAck Ack, bool StartedAfterCloseReturned);

    [Fact]
    public async Task Closing_while_answers_are_in_flight_counts_every_accepted_answer_and_refuses_every_answer_sent_after_it()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var vote = await workshop.OpenDotVote(items: 6, budget: 5, maxPerItem: 2);
        var phones = await workshop.JoinMany(Participants);
        var sent = new ConcurrentDictionary<Guid, ConcurrentQueue<Sent>>();
        var accepted = 0;
        var closeReturned = 0;
        var enoughAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each phone sends its answers one after another (a new answer replaces the last), all phones at once,
        // until an answer is refused; the close comes while they are still sending.
        async Task Send(Phone phone, int seed)
        {
            await Task.Yield();
            var random = new Random(seed);
            var log = sent.GetOrAdd(phone.ParticipantId, _ => new ConcurrentQueue<Sent>());
            for (var i = 0; i < MaxAnswersEach; i++)
            {
                var answer = RandomAnswer(vote, phone.NextClientId(), random);
                var startedAfterClose = Volatile.Read(ref closeReturned) == 1;
                var ack = await phone.Submit(answer);
                log.Enqueue(new Sent(answer, ack, startedAfterClose));
                if (!ack.Accepted) return;
                if (Interlocked.Increment(ref accepted) == AcceptedBeforeClose) enoughAccepted.TrySetResult();
            }
        }

        var watch = Stopwatch.StartNew();
        var sending = Task.WhenAll(phones.Select((p, i) => Send(p, i)));
        await Task.WhenAny(enoughAccepted.Task, sending);
        await workshop.Grain.CloseActivity(vote.Id);
        Volatile.Write(ref closeReturned, 1);
        var acceptedAtClose = Volatile.Read(ref accepted);
        var sentAfterClose = await Task.WhenAll(phones.Select(p => p.Dots(vote, (vote.Items[0], 1))));
        await sending;
        var elapsed = watch.Elapsed;

        var all = sent.Values.SelectMany(q => q).ToList();
        Assert.True(acceptedAtClose >= AcceptedBeforeClose, $"Only {acceptedAtClose} answers were accepted before the close.");
        Assert.True(sent.Values.Count(q => q.Last().Ack.Accepted) < Participants,
            "Every phone had finished sending before the close; the close did not happen while answers were in flight.");
        Assert.All(all.Where(s => !s.Ack.Accepted), s => AckAssert.Refused(WorkshopError.ActivityClosed, s.Ack));
        Assert.All(all.Where(s => s.StartedAfterCloseReturned), s => AckAssert.Refused(WorkshopError.ActivityClosed, s.Ack));
        Assert.All(sentAfterClose, ack => AckAssert.Refused(WorkshopError.ActivityClosed, ack));
        Assert.All(all.Where(s => s.Ack.Accepted), s => Assert.False(s.Ack.Duplicate));

        // The final tally is rebuilt from the acknowledgements alone: each phone's last accepted answer.
        var latest = sent.Values.Select(q => q.LastOrDefault(s => s.Ack.Accepted)?.Answer).ToList();
        var expected = TallyCounts.FromAnswers(vote, latest);
        var closed = await workshop.Activity(vote.Id);
        Assert.Equal(ActivityStatus.Closed, closed.Status);
        Assert.Equal(LiveWorkshop.Describe(expected), LiveWorkshop.Describe(closed.Counts));
        var results = Assert.Single(closed.ClosedRounds).DotVote!;
        var expectedResults = Results.For(vote, expected).DotVote!;
        Assert.Equal(expectedResults.Respondents, results.Respondents);
        Assert.Equal(expectedResults.TotalDots, results.TotalDots);
        Assert.Equal(expectedResults.Items.Select(i => (i.Item, i.Dots, i.Voters, i.Rank)), results.Items.Select(i => (i.Item, i.Dots, i.Voters, i.Rank)));
        Assert.Equal($"n={latest.Count(a => a is not null)}", (await workshop.Record()).Timeline.Last(e => e.Kind == "closed").Detail);

        // Each participant's stored answer is its last accepted one, counted as many times as it was acknowledged.
        foreach (var phone in phones)
        {
            var acknowledged = sent[phone.ParticipantId].Where(s => s.Ack.Accepted).ToList();
            var stored = (await phone.Grain.GetAnswers()).Select(r => (r.Answer.ClientId, r.Count));
            Assert.Equal(acknowledged.Select(s => (s.Answer.ClientId, acknowledged.Count)).TakeLast(1), stored);
        }
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"The burst took {elapsed}.");
    }

    [Fact]
    public async Task A_close_with_no_answers_records_an_empty_round_and_a_second_close_changes_nothing()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var vote = await workshop.OpenDotVote();
        await workshop.JoinMany(2);

        await workshop.Grain.CloseActivity(vote.Id);
        var once = await workshop.Record();
        await workshop.Grain.CloseActivity(vote.Id);
        var twice = await workshop.Record();

        var activity = once.Workshop.Activity(vote.Id)!;
        Assert.Equal(TallyCounts.Empty, activity.Counts);
        Assert.Equal(0, Assert.Single(activity.ClosedRounds).DotVote!.Respondents);
        Assert.Equal(once.Workshop.Version, twice.Workshop.Version);
        Assert.Single(twice.Timeline, e => e.Kind == "closed");
    }

    /// <summary>A valid dot vote: up to the budget, at most the cap on an item; now and then all zero (a withdrawal).</summary>
    private static Answer RandomAnswer(ActivityDefinition vote, string clientId, Random random)
    {
        var dots = ImmutableDictionary.CreateBuilder<Guid, int>();
        if (random.Next(8) != 0)
        {
            var left = random.Next(1, vote.DotBudget + 1);
            while (left > 0)
            {
                var item = vote.Items[random.Next(vote.Items.Count)];
                var room = Math.Min(vote.MaxDotsPerItem - dots.GetValueOrDefault(item), left);
                if (room == 0) continue;
                var put = random.Next(1, room + 1);
                dots[item] = dots.GetValueOrDefault(item) + put;
                left -= put;
            }
        }
        else
        {
            dots[vote.Items[0]] = 0;
        }
        return Answer.ForDots(vote.Id, 1, clientId, dots.ToImmutable());
    }
}
