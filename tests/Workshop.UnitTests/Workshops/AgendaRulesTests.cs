using System.Collections.Immutable;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops;

public sealed class AgendaRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly ActivityDefinition Vote = DotVote(A, B, C);
    private static readonly ActivityDefinition Other = ActivityDefinition.DotVote(Id(9001), Title, [A, B]);

    private static readonly WorkshopState Draft = new() { Id = Id(100), Title = "Focus group", Status = WorkshopStatus.Draft, Facilitators = ["ana@example.org"] };

    private static ImmutableList<ActivityItem> Items(ActivityDefinition definition) =>
        [.. definition.Items.Select(i => new ActivityItem(i, $"C{i.ToString()[^1]}", Labels("Item")))];

    private static WorkshopState With(params ActivityDefinition[] activities) =>
        activities.Aggregate(Draft, (workshop, a) => AgendaRules.AddActivity(workshop, a, Items(a), Now).Workshop);

    private static void Refused(WorkshopError expected, Func<AgendaChange> command)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => command());
        Assert.Equal(expected, error.Error);
        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void Adding_an_activity_puts_it_pending_at_the_end_of_the_agenda_with_an_event()
    {
        var change = AgendaRules.AddActivity(With(Other), Vote, Items(Vote), Now);

        Assert.Equal([Other.Id, Vote.Id], change.Workshop.Activities.Select(a => a.Id));
        Assert.Equal((ActivityStatus.Pending, 1), (change.Workshop.Activity(Vote.Id)!.Status, change.Workshop.Activity(Vote.Id)!.Round));
        Assert.Equal([new TimelineEvent(Now, "activity-added", Activity: Vote.Id, Detail: "DotVote")], change.Events);
    }

    [Fact]
    public void An_activity_is_added_once_and_removed_only_before_it_opened()
    {
        var workshop = With(Vote);
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.AddActivity(workshop, Vote, Items(Vote), Now));
        var opened = AgendaRules.Open(workshop, Vote.Id, Now).Workshop;
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.RemoveActivity(opened, Vote.Id, Now));
        Assert.Empty(AgendaRules.RemoveActivity(workshop, Vote.Id, Now).Workshop.Activities);
    }

    [Fact]
    public void Opening_makes_the_activity_current_and_the_workshop_live_and_opening_it_again_changes_nothing()
    {
        var opened = AgendaRules.Open(With(Vote), Vote.Id, Now);

        Assert.Equal((WorkshopStatus.Live, Vote.Id, ActivityStatus.Open), (opened.Workshop.Status, opened.Workshop.CurrentActivity, opened.Workshop.Current!.Status));
        Assert.Equal([new TimelineEvent(Now, "opened", Activity: Vote.Id, Round: 1)], opened.Events);
        var again = AgendaRules.Open(opened.Workshop, Vote.Id, Now);
        Assert.False(again.Changed);
        Assert.Same(opened.Workshop, again.Workshop);
    }

    [Fact]
    public void Opening_a_closed_activity_starts_its_next_round_hidden_unlocked_and_with_an_empty_tally()
    {
        var workshop = AgendaRules.Open(With(Vote), Vote.Id, Now).Workshop;
        workshop = AgendaRules.Lock(workshop, Vote.Id, true, Now).Workshop;
        workshop = AgendaRules.Reveal(workshop, Vote.Id, true, Now).Workshop;
        var counts = TallyOf(Vote, Dots((A, 2)));
        workshop = AgendaRules.Closed(workshop, Vote.Id, counts, Results.For(Vote, counts), "n=1", Now).Workshop;

        var reopened = AgendaRules.Open(workshop, Vote.Id, Now).Workshop.Current!;

        Assert.Equal((ActivityStatus.Open, 2, false, false), (reopened.Status, reopened.Round, reopened.Revealed, reopened.Locked));
        Assert.Equal(TallyCounts.Empty, reopened.Counts);
        Assert.Single(reopened.ClosedRounds);
    }

    [Fact]
    public void Another_activity_opens_only_after_the_open_one_closed()
    {
        var workshop = AgendaRules.Open(With(Vote, Other), Vote.Id, Now).Workshop;
        Assert.Throws<InvalidOperationException>(() => AgendaRules.Open(workshop, Other.Id, Now));
    }

    [Fact]
    public void Closing_stops_answers_at_once_and_the_close_records_the_round_with_its_count()
    {
        var workshop = AgendaRules.Open(With(Vote), Vote.Id, Now).Workshop;
        var closing = AgendaRules.Closing(workshop, workshop.Current!);
        Assert.Equal(ActivityStatus.Closed, closing.Current!.Status);
        Assert.Empty(closing.Current.ClosedRounds);

        var counts = TallyOf(Vote, Dots((A, 2)), Dots((B, 1)));
        var closed = AgendaRules.Closed(closing, Vote.Id, counts, Results.For(Vote, counts), "n=2", Now);

        Assert.Equal(counts, closed.Workshop.Current!.Counts);
        Assert.Equal(2, closed.Workshop.Current.ClosedRounds.Single().DotVote!.Respondents);
        Assert.Equal([new TimelineEvent(Now, "closed", Activity: Vote.Id, Round: 1, Detail: "n=2")], closed.Events);
    }

    [Fact]
    public void Reveal_lock_and_timer_record_an_event_only_when_they_change_something()
    {
        var workshop = AgendaRules.Open(With(Vote), Vote.Id, Now).Workshop;

        Assert.False(AgendaRules.Reveal(workshop, Vote.Id, false, Now).Changed);
        Assert.False(AgendaRules.Lock(workshop, Vote.Id, false, Now).Changed);
        var revealed = AgendaRules.Reveal(workshop, Vote.Id, true, Now);
        Assert.Equal("revealed", revealed.Events.Single().Kind);
        var locked = AgendaRules.Lock(revealed.Workshop, Vote.Id, true, Now);
        Assert.Equal(("locked", true, true), (locked.Events.Single().Kind, locked.Workshop.Current!.Locked, locked.Workshop.Current.Revealed));
        var timed = AgendaRules.SetTimer(workshop, Vote.Id, TimeSpan.FromMinutes(3), Now);
        Assert.Equal(Now.AddMinutes(3), timed.Workshop.Current!.TimerEndsAt);
        Assert.Null(AgendaRules.SetTimer(timed.Workshop, Vote.Id, null, Now).Workshop.Current!.TimerEndsAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(2 * 3600 + 1)]
    public void A_timer_outside_one_second_to_two_hours_is_refused(int seconds) =>
        Refused(WorkshopError.InvalidDefinition, () => AgendaRules.SetTimer(AgendaRules.Open(With(Vote), Vote.Id, Now).Workshop, Vote.Id, TimeSpan.FromSeconds(seconds), Now));

    [Fact]
    public void An_ended_workshop_records_when_it_ended_and_refuses_further_activities()
    {
        var ended = AgendaRules.End(AgendaRules.Start(With(Vote), Now).Workshop, Now);

        Assert.Equal((WorkshopStatus.Ended, Now), (ended.Workshop.Status, ended.Workshop.EndedAt));
        Assert.False(AgendaRules.End(ended.Workshop, Now.AddHours(1)).Changed);
        Refused(WorkshopError.WorkshopEnded, () => AgendaRules.AddActivity(ended.Workshop, Other, Items(Other), Now));
        Refused(WorkshopError.WorkshopEnded, () => AgendaRules.Open(ended.Workshop, Vote.Id, Now));
        Refused(WorkshopError.WorkshopEnded, () => AgendaRules.Start(ended.Workshop, Now));
    }

    [Fact]
    public void Personal_data_is_erased_only_after_the_end()
    {
        Refused(WorkshopError.WorkshopNotEnded, () => AgendaRules.ErasePersonalData(With(Vote), "ana@example.org", Now));
        var erased = AgendaRules.ErasePersonalData(AgendaRules.End(With(Vote), Now).Workshop, "ana@example.org", Now);
        Assert.Equal((Now, "personal-data-erased", "ana@example.org"), (erased.Workshop.PersonalDataErasedAt!.Value, erased.Events.Single().Kind, erased.Events.Single().Detail));
    }

    [Fact]
    public void A_co_facilitator_is_added_once_whatever_the_case_of_the_address()
    {
        var added = AgendaRules.AddFacilitator(Draft, "ana@example.org", " bor@example.org ", Now);
        Assert.Equal(["ana@example.org", "bor@example.org"], added.Workshop.Facilitators);
        Assert.False(AgendaRules.AddFacilitator(added.Workshop, "ana@example.org", "BOR@example.org", Now).Changed);
        Refused(WorkshopError.UnknownFacilitator, () => AgendaRules.AddFacilitator(Draft, "ana@example.org", "  ", Now));
    }

    [Fact]
    public void A_command_on_an_unknown_activity_or_workshop_is_refused()
    {
        Refused(WorkshopError.UnknownActivity, () => AgendaRules.Reveal(With(Vote), Id(777), true, Now));
        Refused(WorkshopError.UnknownWorkshop, () => AgendaRules.Open(new WorkshopState(), Vote.Id, Now));
    }
}
