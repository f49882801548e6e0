using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops;

/// <summary>The agenda's part of Delphi rounds: a consensus rule and a closing time set before round 1, later rounds on the items without consensus.</summary>
public sealed class DelphiAgendaRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConsensusRule Rule = new();
    private static readonly ActivityDefinition Delphi = Rating(A, B, C, D) with { Consensus = Rule };
    private static readonly WorkshopState Live = new() { Id = Id(100), Title = "Focus group", Status = WorkshopStatus.Live, Facilitators = ["ana@example.org"] };

    private static ImmutableList<ActivityItem> Items(ActivityDefinition definition) =>
        [.. definition.Items.Select(i => new ActivityItem(i, $"C{i.ToString()[^1]}", Labels("Item")))];

    /// <summary>On the agenda without its rule's check (<see cref="DelphiRules.Validate"/> is the rules' own test).</summary>
    private static WorkshopState With(ActivityDefinition definition) =>
        Live with { Activities = [new ActivityState(definition, Items(definition), ActivityStatus.Pending, 1, false, false, null, TallyCounts.Empty, [])] };

    /// <summary>The activity's round 1 closed with a Delphi round giving each item (on importance, development) these statuses.</summary>
    private static WorkshopState ClosedRound1(params (Guid Item, ConsensusStatus Importance, ConsensusStatus Development)[] statuses)
    {
        var workshop = AgendaRules.Open(With(Delphi), Delphi.Id, Now).Workshop;
        ImmutableList<ItemConsensus> consensus = [.. statuses.SelectMany(s => new[]
        {
            new ItemConsensus(s.Item, "importance", s.Importance, 5, null, null, null, null),
            new ItemConsensus(s.Item, "development", s.Development, 5, null, null, null, null),
        })];
        var round = new DelphiRound(1, Delphi.Items, 5, 5, consensus, null, []);
        return AgendaRules.Closed(workshop, Delphi.Id, TallyCounts.Empty, Results.For(Delphi, TallyCounts.Empty), "n=5", Now, round).Workshop;
    }

    private static void Refused(WorkshopError expected, Func<AgendaChange> command)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => command());
        Assert.Equal(expected, error.Error);
        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void A_consensus_rule_is_refused_on_a_dot_vote_and_a_board()
    {
        var vote = DotVote(A, B) with { Consensus = Rule };
        var board = ActivityDefinition.Board(Id(9002), Title, [new("vision", Labels("Vision"))]) with { Consensus = Rule };

        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, vote, Items(vote), Now));
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, board, [], Now));
    }

    [Fact]
    public void A_rule_outside_its_limits_is_refused_with_a_sentence_and_a_good_one_is_kept_on_the_activity()
    {
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, Delphi with { Consensus = new(MinAgreement: 0.49) }, Items(Delphi), Now));
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, Delphi with { Consensus = new(MaxIqr: -0.1) }, Items(Delphi), Now));

        var added = AgendaRules.AddActivity(Live, Delphi, Items(Delphi), Now).Workshop;

        Assert.Equal(Rule, added.Activity(Delphi.Id)!.Definition.Consensus);
    }

    [Fact]
    public void A_closing_time_that_is_not_ahead_is_refused_when_adding_and_when_setting_it()
    {
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, Ranking(2, A, B) with { ClosesAt = Now }, Items(Ranking(2, A, B)), Now));
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(Live, Rating(A) with { ClosesAt = Now.AddMinutes(-1) }, Items(Rating(A)), Now));
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.SetClosesAt(With(Delphi), Delphi.Id, Now.AddSeconds(-1), Now));
    }

    [Fact]
    public void Setting_the_closing_time_records_it_and_clearing_it_returns_the_round_to_closing_by_hand()
    {
        var inTwoDays = Now.AddDays(2);
        var set = AgendaRules.SetClosesAt(AgendaRules.Open(With(Delphi), Delphi.Id, Now).Workshop, Delphi.Id, inTwoDays, Now);

        Assert.Equal(inTwoDays, set.Workshop.Current!.Definition.ClosesAt);
        Assert.Equal([new TimelineEvent(Now, "closes-at", Activity: Delphi.Id, Round: 1, Detail: "2026-12-01T10:00:00.0000000+00:00")], set.Events);
        Assert.False(AgendaRules.SetClosesAt(set.Workshop, Delphi.Id, inTwoDays, Now).Changed);
        Assert.Null(AgendaRules.SetClosesAt(set.Workshop, Delphi.Id, null, Now).Workshop.Current!.Definition.ClosesAt);
    }

    [Fact]
    public void A_closing_time_that_passed_belongs_to_the_earlier_round_and_the_next_round_opens_without_it()
    {
        var closesAt = Now.AddHours(1);
        var open = AgendaRules.Open(With(Delphi with { ClosesAt = closesAt }), Delphi.Id, Now).Workshop;
        Assert.Equal(closesAt, open.Current!.Definition.ClosesAt);
        var closed = AgendaRules.Closed(open, Delphi.Id, TallyCounts.Empty, Results.For(Delphi, TallyCounts.Empty), "n=0", closesAt).Workshop;

        var next = AgendaRules.OpenNextRound(closed, Delphi.Id, onlyWithoutConsensus: false, closesAt.AddMinutes(5)).Workshop.Current!;

        Assert.Equal((2, (DateTimeOffset?)null), (next.Round, next.Definition.ClosesAt));
    }

    [Fact]
    public void The_next_round_on_the_items_without_consensus_asks_those_without_it_on_any_scale_in_the_activitys_order()
    {
        var closed = ClosedRound1(
            (A, ConsensusStatus.In, ConsensusStatus.In),
            (B, ConsensusStatus.NoConsensus, ConsensusStatus.Out),
            (C, ConsensusStatus.Out, ConsensusStatus.Out),
            (D, ConsensusStatus.In, ConsensusStatus.NoConsensus));

        var change = AgendaRules.OpenNextRound(closed, Delphi.Id, onlyWithoutConsensus: true, Now);

        var round2 = change.Workshop.Current!;
        Assert.Equal((ActivityStatus.Open, 2), (round2.Status, round2.Round));
        Assert.Equal([B, D], round2.RoundItems!);
        Assert.Equal([B, D], AgendaRules.Asked(round2).Items);
        Assert.Equal([A, B, C, D], round2.Definition.Items);
        Assert.Equal([new TimelineEvent(Now, "opened", Activity: Delphi.Id, Round: 2)], change.Events);
    }

    [Fact]
    public void A_round_on_all_items_after_one_on_some_asks_every_item_again()
    {
        var round2 = AgendaRules.OpenNextRound(ClosedRound1((A, ConsensusStatus.NoConsensus, ConsensusStatus.In)), Delphi.Id, true, Now).Workshop;
        var closed = AgendaRules.Closed(round2, Delphi.Id, TallyCounts.Empty, Results.For(Delphi, TallyCounts.Empty), "n=0", Now).Workshop;

        var round3 = AgendaRules.Open(closed, Delphi.Id, Now).Workshop.Current!;

        Assert.Equal((3, (ImmutableList<Guid>?)null), (round3.Round, round3.RoundItems));
        Assert.Same(round3.Definition, AgendaRules.Asked(round3));
    }

    [Fact]
    public void The_next_round_is_refused_while_the_round_is_open_on_a_dot_vote_and_on_items_without_consensus_when_none_is_left()
    {
        var open = AgendaRules.Open(With(Delphi), Delphi.Id, Now).Workshop;
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.OpenNextRound(open, Delphi.Id, false, Now));
        var vote = DotVote(A, B);
        var closedVote = AgendaRules.Closed(AgendaRules.Open(With(vote), vote.Id, Now).Workshop, vote.Id, TallyCounts.Empty, Results.For(vote, TallyCounts.Empty), "n=0", Now).Workshop;
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.OpenNextRound(closedVote, vote.Id, false, Now));
        var withoutRule = Rating(A, B);
        var closedWithoutRule = AgendaRules.Closed(AgendaRules.Open(With(withoutRule), withoutRule.Id, Now).Workshop, withoutRule.Id, TallyCounts.Empty, Results.For(withoutRule, TallyCounts.Empty), "n=0", Now).Workshop;
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.OpenNextRound(closedWithoutRule, withoutRule.Id, true, Now));
        var allAgreed = ClosedRound1((A, ConsensusStatus.In, ConsensusStatus.Out), (B, ConsensusStatus.Out, ConsensusStatus.In));
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.OpenNextRound(allAgreed, Delphi.Id, true, Now));
        Assert.Equal(2, AgendaRules.OpenNextRound(closedWithoutRule, withoutRule.Id, false, Now).Workshop.Current!.Round);
    }
}
