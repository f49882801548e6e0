using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>
/// Delphi rounds (issue 11) through the grains: a rating under a consensus rule, round 2 on the items without consensus with
/// the group's feedback, stability and reasons, the evidence they leave, a round that closes by itself, and bad input refused.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class DelphiRoundsTests(SqliteCluster fixture)
{
    private static readonly ConsensusRule Rule = new(MinAgreement: 0.75, MaxIqr: 1, MinN: 5, StableBelow: 0.15);

    private IItemEvidenceGrain Evidence => fixture.Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId);

    /// <summary>
    /// Five phones rate three items. A: 5 5 4 4 5 (agreement 5/5, Q1 4, Q3 5: in). B: 1 1 2 1 2 (all in the bottom two,
    /// Q1 1, Q3 2: out). C: 1 5 3 4 2 (agreement 2/5, Q1 2, Q3 4: no consensus). Three phones say why.
    /// </summary>
    private async Task<(LiveWorkshop Workshop, ActivityDefinition Rating, IReadOnlyList<Phone> Phones)> Round1Closed()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var rating = await workshop.AddDelphiRating(items: 3, Rule);
        var (a, b, c) = (rating.Items[0], rating.Items[1], rating.Items[2]);
        await workshop.Grain.OpenActivity(rating.Id);
        var phones = await workshop.JoinMany(5);
        int[] onA = [5, 5, 4, 4, 5], onB = [1, 1, 2, 1, 2], onC = [1, 5, 3, 4, 2];
        (Guid, string)[][] reasons = [[(a, "Without it nothing else works")], [(a, "Every coordinator does this daily")], [(b, "Rarely needed in small networks")], [], []];
        for (var i = 0; i < phones.Count; i++)
            AckAssert.Accepted(await phones[i].Importance(rating, 1, [(a, onA[i]), (b, onB[i]), (c, onC[i])], reasons[i]));
        await workshop.Grain.CloseActivity(rating.Id);
        return (workshop, rating, phones);
    }

    [Fact]
    public async Task Round_1_measures_each_item_by_the_rule_set_before_it_and_keeps_the_reasons_anonymous_and_grouped_per_item()
    {
        var (workshop, rating, _) = await Round1Closed();
        var (a, b, c) = (rating.Items[0], rating.Items[1], rating.Items[2]);

        var round = Assert.Single((await workshop.Activity(rating.Id)).DelphiRounds!);

        Assert.Equal((1, 5, 5, (RoundStability?)null), (round.Round, round.Participants, round.Respondents, round.Stability));
        Assert.Equal([a, b, c], round.Items);
        Assert.Equal(
            [
                new ItemConsensus(a, "importance", ConsensusStatus.In, 5, 1.0, 0.0, 5, 1),
                new ItemConsensus(b, "importance", ConsensusStatus.Out, 5, 0.0, 1.0, 1, 1),
                new ItemConsensus(c, "importance", ConsensusStatus.NoConsensus, 5, 0.4, 0.4, 3, 2),
            ],
            round.Consensus);
        // In the activity's item order, and by text within an item: not in the order the phones answered.
        Assert.Equal([new(a, "Every coordinator does this daily"), new(a, "Without it nothing else works"), new DelphiReason(b, "Rarely needed in small networks")], round.Reasons);
        var onA = Assert.Single(await Evidence.For(a), e => e.WorkshopId == workshop.Id);
        Assert.Equal((Rule, ConsensusStatus.In, 1, (ItemStability?)null), (onA.Rule, onA.Consensus!.Status, onA.Round, onA.Stability));
        Assert.Equal((1.0, 1.0, 5.0), (onA.Statistics["importance.agreement"], onA.Statistics["importance.iqr"], onA.Statistics["importance.median"]));
    }

    [Fact]
    public async Task Round_2_on_the_items_without_consensus_shows_phones_the_groups_round_1_before_any_reveal_and_takes_answers_only_on_those_items()
    {
        var (workshop, rating, phones) = await Round1Closed();
        var (a, c) = (rating.Items[0], rating.Items[2]);

        await workshop.Grain.OpenNextRound(rating.Id, onlyWithoutConsensus: true);

        var snapshot = await workshop.Room.GetSnapshot();
        Assert.Equal([c], snapshot.Current!.Results!.Rating!.Items.Select(i => i.Item));
        var phoneView = snapshot.ForParticipants().Current!;
        Assert.Equal((2, ActivityStatus.Open, false, (ActivityResults?)null), (phoneView.Round, phoneView.Status, phoneView.Revealed, phoneView.Results));
        Assert.Equal([c], phoneView.RoundItems!);
        var feedback = Assert.Single(phoneView.Feedback!);
        Assert.Equal((c, "importance", 1, 3.0, 2.0, 4.0, ConsensusStatus.NoConsensus), (feedback.Item, feedback.Scale, feedback.Round, feedback.Median, feedback.Q1, feedback.Q3, feedback.Status));
        Assert.Equal([1, 1, 1, 1, 1], feedback.Histogram);
        var stored = await LiveWorkshop.Stored(phones[0]);
        AckAssert.Refused(WorkshopError.ItemNotInActivity, await phones[0].Importance(rating, 2, [(a, 3), (c, 4)]));
        AckAssert.Refused(WorkshopError.ActivityClosed, await phones[0].Importance(rating, 1, [(c, 4)]));
        Assert.Equal(stored, await LiveWorkshop.Stored(phones[0]));
        AckAssert.Accepted(await phones[0].Importance(rating, 2, [(c, 4)]));
    }

    [Fact]
    public async Task Round_2_measures_consensus_and_stability_against_each_participants_round_1_answer_and_records_both_rounds_as_evidence()
    {
        var (workshop, rating, phones) = await Round1Closed();
        var (a, c) = (rating.Items[0], rating.Items[2]);
        await workshop.Grain.OpenNextRound(rating.Id, onlyWithoutConsensus: true);
        // C moves from 1 5 3 4 2 to 4 4 5 4 3: the first phone by 3 points and the third by 2 moved, the others by at most 1.
        int[] onC = [4, 4, 5, 4, 3];
        (Guid, string)[][] reasons = [[(c, "  The discussion changed my view\u200B ")], [], [(c, "Training matters here")], [], []];
        for (var i = 0; i < phones.Count; i++) AckAssert.Accepted(await phones[i].Importance(rating, 2, [(c, onC[i])], reasons[i]));

        await workshop.Grain.CloseActivity(rating.Id);

        var closed = await workshop.Activity(rating.Id);
        Assert.Equal([c], closed.ClosedRounds[1].Rating!.Items.Select(i => i.Item));
        var rounds = closed.DelphiRounds!;
        Assert.Equal([1, 2], rounds.Select(r => r.Round));
        var round2 = rounds[1];
        Assert.Equal([c], round2.Items);
        // 3 4 4 4 5: agreement 4/5, Q1 = Q3 = 4.
        Assert.Equal([new ItemConsensus(c, "importance", ConsensusStatus.In, 5, 0.8, 0.0, 4, 0)], round2.Consensus);
        var stability = round2.Stability!;
        Assert.Equal((2, 1, 5, 0.4, false, (double?)null), (stability.Round, stability.PreviousRound, stability.PairedAnswers, stability.MovedShare, stability.Stable, stability.KendallWChange));
        Assert.Equal([new ItemStability(c, "importance", 5, 0.4, 1, -2)], stability.Items);
        Assert.Equal([new(c, "The discussion changed my view"), new DelphiReason(c, "Training matters here")], round2.Reasons);
        var evidenceOnC = (await Evidence.For(c)).Where(e => e.WorkshopId == workshop.Id).OrderBy(e => e.Round).ToList();
        Assert.Equal([(1, ConsensusStatus.NoConsensus), (2, ConsensusStatus.In)], evidenceOnC.Select(e => (e.Round, e.Consensus!.Status)));
        Assert.Equal((Rule, 0.4, 1.0), (evidenceOnC[1].Rule, evidenceOnC[1].Stability!.MovedShare, evidenceOnC[1].Stability!.MedianChange));
        Assert.Equal([1], (await Evidence.For(a)).Where(e => e.WorkshopId == workshop.Id).Select(e => e.Round));
        // The last round left no item without consensus: nothing to ask again, and nothing changes.
        var before = await workshop.State();
        var refused = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.OpenNextRound(rating.Id, onlyWithoutConsensus: true));
        Assert.Equal(WorkshopError.InvalidDefinition, refused.Error);
        Assert.Equal(before.Version, (await workshop.State()).Version);
    }

    [Fact]
    public async Task A_third_round_asks_what_round_2_left_without_consensus_with_round_2s_feedback_and_stability_against_round_2()
    {
        var (workshop, rating, phones) = await Round1Closed();
        var c = rating.Items[2];
        // C: 1 5 3 4 2, then 1 5 2 5 1 (nobody moves by more than a point: stable, still split), then 4 4 4 5 4.
        int[][] rounds = [[1, 5, 2, 5, 1], [4, 4, 4, 5, 4]];
        var feedback = new List<ItemFeedback>();
        for (var round = 2; round <= 3; round++)
        {
            await workshop.Grain.OpenNextRound(rating.Id, onlyWithoutConsensus: true);
            feedback.Add(Assert.Single((await workshop.Room.GetSnapshot()).ForParticipants().Current!.Feedback!));
            for (var i = 0; i < phones.Count; i++) AckAssert.Accepted(await phones[i].Importance(rating, round, [(c, rounds[round - 2][i])]));
            await workshop.Grain.CloseActivity(rating.Id);
        }

        var delphi = (await workshop.Activity(rating.Id)).DelphiRounds!;
        Assert.Equal([(1, 3.0), (2, 2.0)], feedback.Select(f => (f.Round, f.Median!.Value)));
        Assert.Equal([2, 1, 0, 0, 2], feedback[1].Histogram);
        Assert.Equal([(2, ConsensusStatus.NoConsensus, 0.0, true), (3, ConsensusStatus.In, 0.6, false)],
            delphi.Skip(1).Select(r => (r.Round, r.Consensus.Single().Status, r.Stability!.MovedShare!.Value, r.Stability.Stable)));
        Assert.Equal([c], delphi[2].Items);
    }

    [Fact]
    public async Task Each_countrys_focus_group_answering_the_same_round_gets_its_own_consensus_by_the_rule_in_the_evidence()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains, [LiveWorkshop.Country]);
        var rating = await workshop.AddDelphiRating(items: 1, Rule with { MinN = 3 });
        var item = rating.Items[0];
        await workshop.Grain.OpenActivity(rating.Id);
        foreach (var (country, value) in new[] { ("SI", 5), ("SI", 5), ("SI", 4), ("IT", 1), ("IT", 2), ("IT", 1) })
            AckAssert.Accepted(await (await workshop.Join(segments: ImmutableDictionary<string, string>.Empty.Add("country", country))).Importance(rating, 1, [(item, value)]));

        await workshop.Grain.CloseActivity(rating.Id);

        var evidence = (await Evidence.For(item)).Where(e => e.WorkshopId == workshop.Id).ToDictionary(e => e.Segment ?? "everyone");
        // Slovenia 5 5 4: all in the top two; Italy 1 2 1: all in the bottom two; together half and half.
        Assert.Equal(ConsensusStatus.In, evidence["country=SI"].Consensus!.Status);
        Assert.Equal(ConsensusStatus.Out, evidence["country=IT"].Consensus!.Status);
        Assert.Equal(ConsensusStatus.NoConsensus, evidence["everyone"].Consensus!.Status);
        Assert.All(evidence.Values, e => Assert.Equal(Rule with { MinN = 3 }, e.Rule));
        Assert.Equal(ConsensusStatus.NoConsensus, Assert.Single((await workshop.Activity(rating.Id)).DelphiRounds!).Consensus.Single().Status);
    }

    [Fact]
    public async Task Bad_rules_closing_times_and_reasons_and_answers_to_a_closed_round_are_refused_and_change_nothing()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var rating = await workshop.AddDelphiRating(items: 2, Rule);
        var before = await workshop.State();
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), LiveWorkshop.Title("Dots"), workshop.Items(2)) with { Consensus = Rule };
        ActivityDefinition Fresh(ConsensusRule rule) => rating with { Id = Guid.NewGuid(), Consensus = rule };

        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.AddActivity(Fresh(Rule with { MinAgreement = 0.49 })));
        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.AddActivity(Fresh(Rule with { MinAgreement = 1.01 })));
        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.AddActivity(Fresh(Rule with { MaxIqr = -0.5 })));
        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.AddActivity(vote));
        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.AddActivity(Fresh(Rule) with { ClosesAt = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        await Refused(WorkshopError.InvalidDefinition, () => workshop.Grain.SetClosesAt(rating.Id, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.Equal(before.Version, (await workshop.State()).Version);

        await workshop.Grain.OpenActivity(rating.Id);
        var phone = await workshop.Join();
        var item = rating.Items[0];
        AckAssert.Refused(WorkshopError.InvalidAnswer, await phone.Importance(rating, 1, [(item, 2)], (item, new string('x', DelphiRules.MaxReasonLength + 1))));
        AckAssert.Refused(WorkshopError.InvalidAnswer, await phone.Importance(rating, 1, [(item, 2)], (rating.Items[1], "An item I did not rate")));
        var stranger = new Phone(fixture.Grains, workshop.Id, new Joined(Guid.NewGuid(), "not-a-token", "P999"));
        AckAssert.Refused(WorkshopError.NotAParticipant, await stranger.Importance(rating, 1, [(item, 2)], (item, "I never joined")));
        Assert.Empty(await phone.Grain.GetAnswers());
        AckAssert.Accepted(await phone.Importance(rating, 1, [(item, 2)], (item, new string('x', DelphiRules.MaxReasonLength))));
        await workshop.Grain.CloseActivity(rating.Id);
        await workshop.Grain.OpenNextRound(rating.Id, onlyWithoutConsensus: false);
        AckAssert.Accepted(await phone.Importance(rating, 2, [(item, 4)]));
        await workshop.Grain.CloseActivity(rating.Id);
        var stored = await LiveWorkshop.Stored(phone);

        AckAssert.Refused(WorkshopError.ActivityClosed, await phone.Importance(rating, 2, [(item, 5)], (item, "Too late")));

        Assert.Equal(stored, await LiveWorkshop.Stored(phone));
    }

    [Fact]
    public async Task A_round_with_a_closing_time_closes_by_itself_at_that_time_with_the_same_count_and_rounds_as_a_close_by_hand()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var rating = await workshop.AddDelphiRating(items: 2, Rule with { MinN = 3 }, closesAt);
        await workshop.Grain.OpenActivity(rating.Id);
        var answers = await AnswerWithThreePhones(workshop, rating);

        var closed = await WaitUntilClosed(workshop, rating.Id);

        await AssertClosedExactly(workshop, rating, closed, closesAt, answers);
        Assert.Null(await ClosingReminder(workshop));
    }

    [Fact]
    public async Task A_silo_restart_before_the_closing_time_does_not_stop_the_round_closing_by_itself()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var rating = await workshop.AddDelphiRating(items: 2, Rule with { MinN = 3 }, closesAt);
        await workshop.Grain.OpenActivity(rating.Id);
        var answers = await AnswerWithThreePhones(workshop, rating);
        Assert.NotNull(await ClosingReminder(workshop));

        await fixture.RestartSiloAsync();

        var closed = await WaitUntilClosed(workshop, rating.Id);
        await AssertClosedExactly(workshop, rating, closed, closesAt, answers);
    }

    [Fact]
    public async Task A_closing_time_months_ahead_waits_in_the_reminder_table_and_clearing_it_drops_the_reminder_and_leaves_the_round_open()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var closesAt = DateTimeOffset.UtcNow.AddDays(120);
        var rating = await workshop.AddDelphiRating(items: 2, Rule, closesAt);
        await workshop.Grain.OpenActivity(rating.Id);

        var reminder = await ClosingReminder(workshop);
        await workshop.Grain.SetClosesAt(rating.Id, null);

        Assert.NotNull(reminder);
        Assert.InRange(reminder.StartAt, closesAt.UtcDateTime.AddSeconds(-5), closesAt.UtcDateTime.AddSeconds(5));
        Assert.Null(await ClosingReminder(workshop));
        var open = await workshop.Activity(rating.Id);
        Assert.Equal((ActivityStatus.Open, (DateTimeOffset?)null), (open.Status, open.Definition.ClosesAt));
    }

    private static async Task<Answer[]> AnswerWithThreePhones(LiveWorkshop workshop, ActivityDefinition rating)
    {
        var phones = await workshop.JoinMany(3);
        var answers = new Answer[phones.Count];
        for (var i = 0; i < phones.Count; i++)
        {
            answers[i] = Answer.ForRatings(rating.Id, 1, phones[i].NextClientId(), ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
                .Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(rating.Items[0], 4 + i % 2).Add(rating.Items[1], 1 + i)));
            AckAssert.Accepted(await phones[i].Submit(answers[i]));
        }
        return answers;
    }

    /// <summary>The round closed at (not before) its time, through the same close as a facilitator's: its tally, results, Delphi round and evidence.</summary>
    private async Task AssertClosedExactly(LiveWorkshop workshop, ActivityDefinition rating, ActivityState closed, DateTimeOffset closesAt, Answer[] answers)
    {
        var closedAt = (await workshop.Record()).Timeline.Single(e => e.Kind == "closed").At;
        Assert.InRange(closedAt, closesAt, closesAt + TimeSpan.FromSeconds(20));
        Assert.Equal(LiveWorkshop.Describe(TallyCounts.FromAnswers(rating, answers)), LiveWorkshop.Describe(closed.Counts));
        var round = Assert.Single(closed.DelphiRounds!);
        Assert.Equal((3, 3), (round.Participants, round.Respondents));
        // Item 1 got 4 5 4: in.
        Assert.Equal(ConsensusStatus.In, round.Consensus[0].Status);
        Assert.Contains(await Evidence.For(rating.Items[0]), e => e.WorkshopId == workshop.Id && e.Consensus?.Status == ConsensusStatus.In);
    }

    /// <summary>Polls the workshop's record: unlike its state (read interleaved), it is never read while a close is half done.</summary>
    private static async Task<ActivityState> WaitUntilClosed(LiveWorkshop workshop, Guid activityId)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var activity = (await workshop.Record()).Workshop.Activity(activityId)!;
            if (activity.Status == ActivityStatus.Closed) return activity;
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new Xunit.Sdk.XunitException("The round did not close by itself within 30 s.");
            await Task.Delay(100);
        }
    }

    private Task<ReminderEntry?> ClosingReminder(LiveWorkshop workshop) =>
        fixture.SiloServices.GetRequiredService<IReminderTable>().ReadRow(workshop.Grain.GetGrainId(), RoundClosing.ReminderName);

    private static async Task Refused(WorkshopError error, Func<Task> command)
    {
        var refused = await Assert.ThrowsAsync<WorkshopRuleException>(command);
        Assert.Equal(error, refused.Error);
        Assert.EndsWith(".", refused.Message);
    }
}
