using System.Collections.Immutable;
using System.Diagnostics;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Xunit.Abstractions;

namespace Workshop.GrainTests.Workshops;

/// <summary>One participant cannot make the server work without end: its answers are rate limited and its stored record stays bounded.</summary>
[Collection(SqliteCollection.Name)]
public sealed class AnswerLimitTests(SqliteCluster fixture, ITestOutputHelper output)
{
    private const string StateName = "participant";

    /// <summary>
    /// A participant's record as the grain stored it before the record was bounded (commit 6a8a5c6), serialized by Orleans:
    /// every answer (old-1, old-2, old-4 to a dot vote; old-3, old-5 to a rating; old-6 to the vote's round 2) and every client id.
    /// </summary>
    private const string RecordWithWholeHistory =
        "IOhAIVKaDF9+PY5LmmEML06NGgFBCTAwMTFBCVAwMDchIAANIegggAAofGrMed4IgQAAAAAAAAAA4CHoQCEAAAChAAAAQIAAAAAAAAABAQVBC29sZC0xISABA0EhAAAAsQAAAECAAAAAAAAAAQAJ4MEB4MEBwQHg4CDoIICAvhRrzHneCIEAAAAAAAAAAOAh6EAhAAAAoQAAAECAAAAAAAAAAQEFQQtvbGQtMiEgAQVBIQAAALEAAABAgAAAAAAAAAEABUAhAAAAsgAAAECAAAAAAAAAAgAF4MEB4MEBwQHg4CDoIICAGHdtzHneCIEAAAAAAAAAAOAh6EAhAAAAogAAAECAAAAAAAAAAgEFQQtvbGQtM8EBISABA0EVaW1wb3J0YW5jZSAgAQNBIQAAALEAAABAgAAAAAAAAAEAEeDBAeDgwQHgwQHg4CDoIICARahuzHneCIEAAAAAAAAAAOAh6EAhAAAAoQAAAECAAAAAAAAAAQEFQQtvbGQtNCEgAQNBIQAAALIAAABAgAAAAAAAAAIACeDBAeDBAcEB4OAg6CCAgHLZb8x53giBAAAAAAAAAADgIehAIQAAAKIAAABAgAAAAAAAAAIBBUELb2xkLTXBASEgAQPBbSAgAQNBIQAAALIAAABAgAAAAAAAAAIADeDBAeDgwQHgwQHg4CDoIIAA6md2zHneCIEAAAAAAAAAAOAh6EAhAAAAoQAAAECAAAAAAAAAAQEJQQtvbGQtNiEgAQNBIQAAALEAAABAgAAAAAAAAAEABeDBAeDBAcEB4ODg4CEgAA3BY8CtwB/AjcA/wNfgwQHg4A==";

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task One_participant_answering_as_fast_as_it_can_is_refused_past_the_rate_and_its_stored_record_stays_small()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 5);
        var phone = await workshop.Join();
        var sent = new List<(Answer Answer, AnswerAck Ack)>();

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            var answer = Phone.Dots(vote, phone.NextClientId(), (vote.Items[sent.Count % 5], 1 + sent.Count % 2));
            sent.Add((answer, await phone.Submit(answer)));
        }
        var elapsed = watch.Elapsed;
        var resends = await Task.WhenAll(sent.Where(s => s.Ack.Accepted).TakeLast(3).Select(s => phone.Submit(s.Answer)));

        var accepted = sent.Where(s => s.Ack.Accepted).ToList();
        var size = await fixture.StoredSize(phone.Grain.GetGrainId(), StateName);
        output.WriteLine($"{sent.Count} answers in {elapsed.TotalSeconds:0.00} s: {accepted.Count} accepted, stored record {size} bytes");
        Assert.All(accepted, s => AckAssert.Accepted(s.Ack));
        Assert.All(sent.Where(s => !s.Ack.Accepted), s => AckAssert.Refused(WorkshopError.TooManyAnswers, s.Ack));
        Assert.InRange(accepted.Count, AnswerRate.Burst, AnswerRate.Burst + AnswerRate.PerSecond * elapsed.TotalSeconds + 1);
        Assert.True(sent.Count > accepted.Count, "No answer was refused.");
        Assert.All(resends, ack => Assert.True(ack.Accepted && ack.Duplicate, $"The resend of {ack.ClientId} was not acknowledged as a duplicate: {ack.Error}."));
        Assert.InRange(size, 1, 4_000);
        Assert.Equal(LiveWorkshop.Describe([accepted[^1].Answer]), await LiveWorkshop.Stored(phone));
        await workshop.WaitForLiveTally(vote, [accepted[^1].Answer]);
    }

    [Fact]
    public async Task A_record_stored_with_every_answer_loads_as_the_current_answers_and_still_recognises_its_resends()
    {
        var grain = Grains.GetGrain<IParticipantGrain>(Guid.NewGuid());
        var old = Convert.FromBase64String(RecordWithWholeHistory);
        await fixture.Store(grain.GetGrainId(), StateName, old);

        var answers = await grain.GetAnswers();
        var resends = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => grain.Submit(Answer.ForDots(Guid.NewGuid(), 1, $"old-{n}", ImmutableDictionary<Guid, int>.Empty))));

        var start = new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal([("old-4", 1, 3, start.AddSeconds(7)), ("old-5", 1, 2, start.AddSeconds(9)), ("old-6", 2, 1, start.AddSeconds(20))],
            answers.Select(r => (r.Answer.ClientId, r.Answer.Round, r.Count, r.At)));
        Assert.All(resends, ack => Assert.True(ack.Accepted && ack.Duplicate, $"The resend of {ack.ClientId} was not acknowledged as a duplicate."));
        var stored = new StoredState<ParticipantState>();
        await fixture.CreateStorage().ReadStateAsync(StateName, grain.GetGrainId(), stored);
        Assert.Empty(stored.State.History);
        Assert.Equal(3, stored.State.Answers.Count);
        Assert.InRange(await fixture.StoredSize(grain.GetGrainId(), StateName), 1, old.Length - 1);
    }

    [Fact]
    public async Task A_participants_record_is_written_at_the_same_size_at_the_100th_and_the_1000th_answer()
    {
        // Before the bound every answer was kept: the same answers with their whole history, for comparison (its client id set left out).
        var storage = fixture.CreateStorage();
        var grainId = Grains.GetGrain<IParticipantGrain>(Guid.NewGuid()).GetGrainId();
        var vote = Guid.NewGuid();
        var items = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var holder = new StoredState<ParticipantState>();
        var state = new ParticipantState { WorkshopId = Guid.NewGuid(), TokenHash = new string('A', 64), Pseudonym = "P001" };
        var whole = state;
        var figures = new Dictionary<(int, string), (int Bytes, double MedianMs)>();

        for (var n = 1; n <= 1000; n++)
        {
            // The answers the fastest phone may send: its client ids as long as the longest allowed.
            var answer = Answer.ForDots(vote, 1, $"{n:D64}", ImmutableDictionary<Guid, int>.Empty.Add(items[n % 5], 1 + n % 2));
            state = state.Accept(answer, DateTimeOffset.UtcNow);
            whole = whole with { History = whole.History.Add(new AnswerRecord(DateTimeOffset.UtcNow, answer)) };
            if (n is not (1 or 100 or 1000)) continue;
            foreach (var (shape, written) in new[] { ("bounded", state), ("whole history", whole) })
            {
                holder.State = written;
                var writes = new List<double>();
                for (var i = 0; i < 41; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await storage.WriteStateAsync(StateName, grainId, holder);
                    writes.Add(watch.Elapsed.TotalMilliseconds);
                }
                figures[(n, shape)] = (await fixture.StoredSize(grainId, StateName), writes.Order().ElementAt(writes.Count / 2));
            }
        }

        foreach (var ((n, shape), (bytes, median)) in figures) output.WriteLine($"{shape}, answer {n}: {bytes} bytes, write median {median:0.00} ms");
        var (at100, at1000) = (figures[(100, "bounded")].Bytes, figures[(1000, "bounded")].Bytes);
        // Only the count of changes grows (a varint): a byte or two.
        Assert.InRange(at1000, at100, at100 + 4);
        Assert.InRange(at1000, 1, 8_000);
    }
}
