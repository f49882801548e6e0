using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops;

/// <summary>A participant's record holds the current answer per activity and round and the last client ids, however many answers came.</summary>
public class ParticipantStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid OtherActivity = Id(9001);

    private static Answer Dots(string clientId, Guid activity, int round, Guid item, int dots) =>
        Answer.ForDots(activity, round, clientId, ImmutableDictionary<Guid, int>.Empty.Add(item, dots));

    private static ParticipantState Answered(int count) =>
        Enumerable.Range(1, count).Aggregate(new ParticipantState(), (state, n) =>
            state.Accept(Dots($"c{n}", n % 2 == 0 ? ActivityId : OtherActivity, 1, n % 3 == 0 ? A : B, 1), Start.AddSeconds(n)));

    [Fact]
    public void A_changed_answer_replaces_the_current_one_of_its_activity_and_round_and_counts_the_change()
    {
        var state = new ParticipantState()
            .Accept(Dots("c1", ActivityId, 1, A, 2), Start)
            .Accept(Dots("c2", OtherActivity, 1, A, 1), Start.AddSeconds(1))
            .Accept(Dots("c3", ActivityId, 1, B, 1), Start.AddSeconds(2))
            .Accept(Dots("c4", ActivityId, 2, C, 1), Start.AddSeconds(3));

        Assert.Equal(["c3", "c2", "c4"], state.Answers.Select(r => r.Answer.ClientId));
        Assert.Equal([2, 1, 1], state.Answers.Select(r => r.Count));
        Assert.Equal(Start.AddSeconds(2), state.Answers[0].At);
        Assert.Equal("c3", state.Current(ActivityId, 1)!.ClientId);
        Assert.Null(state.Current(OtherActivity, 2));
    }

    [Fact]
    public void After_a_thousand_answers_the_record_holds_one_answer_per_activity_and_the_last_64_client_ids()
    {
        var state = Answered(1000);

        Assert.Equal(2, state.Answers.Count);
        Assert.Equal([500, 500], state.Answers.Select(r => r.Count));
        Assert.Equal(Enumerable.Range(937, 64).Select(n => $"c{n}"), state.RecentClientIds);
        Assert.True(state.Knows("c1000"));
        Assert.True(state.Knows("c937"));
        Assert.False(state.Knows("c936"));
        Assert.False(state.Knows("c1"));
    }

    [Fact]
    public void A_current_answer_older_than_the_recent_client_ids_is_still_known()
    {
        var state = new ParticipantState().Accept(Dots("first", OtherActivity, 1, A, 1), Start);
        for (var n = 0; n < 100; n++) state = state.Accept(Dots($"c{n}", ActivityId, 1, B, 1), Start.AddSeconds(n));

        Assert.DoesNotContain("first", state.RecentClientIds);
        Assert.True(state.Knows("first"));
    }

    [Fact]
    public void A_record_stored_with_its_whole_history_is_replayed_into_current_answers_and_recent_client_ids()
    {
        var history = Enumerable.Range(1, 100)
            .Select(n => new AnswerRecord(Start.AddSeconds(n), Dots($"c{n}", n <= 70 ? ActivityId : OtherActivity, 1, A, 1)))
            .ToImmutableList();
        var old = new ParticipantState { WorkshopId = Id(77), TokenHash = "hash", Pseudonym = "P001", History = history };

        var bounded = old.Bounded();

        Assert.Empty(bounded.History);
        Assert.Equal((Id(77), "hash", "P001"), (bounded.WorkshopId, bounded.TokenHash, bounded.Pseudonym));
        Assert.Equal([("c70", 70, Start.AddSeconds(70)), ("c100", 30, Start.AddSeconds(100))],
            bounded.Answers.Select(r => (r.Answer.ClientId, r.Count, r.At)));
        Assert.Equal(Enumerable.Range(37, 64).Select(n => $"c{n}"), bounded.RecentClientIds);
        Assert.Same(bounded, bounded.Bounded());
    }
}
