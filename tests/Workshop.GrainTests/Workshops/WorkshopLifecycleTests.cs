using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>A workshop's life as the facilitator drives it: code, joins, pacing an activity, the end and the timeline.</summary>
[Collection(SqliteCollection.Name)]
public sealed class WorkshopLifecycleTests(SqliteCluster fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_new_workshop_pins_the_framework_version_is_a_draft_and_gets_a_join_code_that_resolves_to_it()
    {
        var workshop = await LiveWorkshop.Create(Grains, title: "  Focus group Ljubljana  ", started: false);

        var state = await workshop.Record();
        Assert.Equal(JoinCodes.Length, workshop.Code.Length);
        Assert.All(workshop.Code, c => Assert.Contains(c, JoinCodes.Alphabet));
        Assert.Equal(workshop.Id, await Grains.GetGrain<IJoinCodeGrain>(workshop.Code).Resolve());
        Assert.Equal("Focus group Ljubljana", state.Workshop.Title);
        Assert.Equal((LiveWorkshop.FrameworkId, LiveWorkshop.FrameworkVersion), (state.Workshop.FrameworkId, state.Workshop.FrameworkVersion));
        Assert.Equal(WorkshopStatus.Draft, state.Workshop.Status);
        Assert.Equal([LiveWorkshop.Facilitator], state.Workshop.Facilitators);
        Assert.Equal(workshop.Code, workshop.Created.Code);
        Assert.Equal(0, (await workshop.Room.GetSnapshot()).ParticipantCount);
        Assert.Null(workshop.Created.Current);
        Assert.Contains(await Grains.GetGrain<IWorkshopRegistryGrain>(0).List(), w => w.Id == workshop.Id && w.FrameworkId == LiveWorkshop.FrameworkId);
    }

    [Fact]
    public async Task Creating_the_same_workshop_again_returns_it_unchanged_and_keeps_its_code()
    {
        var workshop = await LiveWorkshop.Create(Grains, started: false);

        var again = await workshop.Grain.Create(new CreateWorkshop("Another title", LiveWorkshop.FrameworkId, 1, "someone else", "en"));

        Assert.Equal(workshop.Code, again.Code);
        Assert.Equal("Focus group Ljubljana", again.Title);
        Assert.Equal(workshop.Created.Version, (await workshop.State()).Version);
    }

    [Fact]
    public async Task A_workshop_is_refused_on_a_framework_version_that_is_not_published_or_a_code_held_by_a_live_workshop()
    {
        var taken = await LiveWorkshop.Create(Grains);
        var id = Guid.NewGuid();
        var grain = Grains.GetGrain<IWorkshopGrain>(id);

        var noVersion = await Assert.ThrowsAsync<WorkshopRuleException>(() =>
            grain.Create(new CreateWorkshop("Title", LiveWorkshop.FrameworkId, 99, LiveWorkshop.Facilitator, "sl")));
        var codeInUse = await Assert.ThrowsAsync<WorkshopRuleException>(() =>
            grain.Create(new CreateWorkshop("Title", LiveWorkshop.FrameworkId, 1, LiveWorkshop.Facilitator, "sl", Code: taken.Code.ToLowerInvariant())));

        Assert.Equal(WorkshopError.InvalidDefinition, noVersion.Error);
        Assert.Equal(WorkshopError.UnknownCode, codeInUse.Error);
        Assert.Null(await grain.GetState());
        Assert.Equal(taken.Id, await Grains.GetGrain<IJoinCodeGrain>(taken.Code).Resolve());
    }

    [Fact]
    public async Task Joining_adds_a_participant_with_a_pseudonym_to_the_roster_and_a_lost_connection_leaves_the_live_count()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country]);

        var ana = await workshop.Join("  Ana Novak ", ImmutableDictionary<string, string>.Empty.Add("country", " SI "), "EN");
        var bor = await workshop.Join();
        var joined = await workshop.Room.GetSnapshot();
        await workshop.Room.Connected([ana.ParticipantId], false);
        await workshop.Room.Connected([ana.ParticipantId], false);
        var left = await workshop.Room.GetSnapshot();

        Assert.Equal(2, joined.ParticipantCount);
        Assert.Equal(1, left.ParticipantCount);
        var record = await workshop.Record();
        var entry = record.Participants.Single(p => p.Id == ana.ParticipantId);
        Assert.Equal(("P001", "Ana Novak", "en", "SI"), (entry.Pseudonym, entry.DisplayName, entry.Language, entry.Segments["country"]));
        var other = record.Participants.Single(p => p.Id == bor.ParticipantId);
        Assert.Equal(("P002", (string?)null, "sl"), (other.Pseudonym, other.DisplayName, other.Language));
        Assert.Equal(workshop.Id, (await ana.Grain.Authenticate(ana.Token))?.WorkshopId);
        Assert.Null(await ana.Grain.Authenticate(bor.Token));
        Assert.Equal(2, record.Timeline.Count(e => e.Kind == "joined"));
    }

    [Fact]
    public async Task Joins_that_arrive_together_are_each_accepted_or_refused_on_their_own_and_stored_at_once()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country]);
        await workshop.Join("First");
        var country = ImmutableDictionary<string, string>.Empty.Add("country", "IT");

        var results = await workshop.Grain.JoinMany([
            new JoinRequest("Ana", "sl", country),
            new JoinRequest(new string('x', WorkshopRules.MaxDisplayNameLength + 1), "sl", null),
            new JoinRequest(null, "en", ImmutableDictionary<string, string>.Empty.Add("country", "DE")),
            new JoinRequest("Bor", "en", null),
        ]);

        Assert.Equal([true, false, false, true], results.Select(r => r.Joined is not null));
        Assert.Equal([null, WorkshopError.InvalidDefinition, WorkshopError.InvalidDefinition, null], results.Select(r => r.Error));
        var state = await workshop.Record();
        Assert.Equal(["P001", "P002", "P003"], state.Participants.Select(p => p.Pseudonym).Order());
        Assert.Equal(("Ana", "IT"), (state.Participants.Single(p => p.Id == results[0].Joined!.ParticipantId).DisplayName, state.Participants.Single(p => p.Id == results[0].Joined!.ParticipantId).Segments["country"]));
        Assert.Equal("P003", state.Participants.Single(p => p.Id == results[3].Joined!.ParticipantId).Pseudonym);
        Assert.Equal(3, state.Timeline.Count(e => e.Kind == "joined"));
        Assert.Equal(3, (await workshop.Room.GetSnapshot()).ParticipantCount);
        foreach (var joined in results.Select(r => r.Joined).OfType<Joined>())
            Assert.Equal(workshop.Id, (await Grains.GetGrain<IParticipantGrain>(joined.ParticipantId).Authenticate(joined.Token))?.WorkshopId);
    }

    [Fact]
    public async Task A_join_with_a_too_long_name_or_a_segment_answer_the_workshop_does_not_offer_is_refused_and_adds_nobody()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country]);
        var before = await workshop.Record();

        var longName = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Join(new string('a', WorkshopRules.MaxDisplayNameLength + 1)));
        var notOffered = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Join(segments: ImmutableDictionary<string, string>.Empty.Add("country", "DE")));
        var notAsked = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Join(segments: ImmutableDictionary<string, string>.Empty.Add("age", "30")));

        Assert.All([longName, notOffered, notAsked], e => Assert.Equal(WorkshopError.InvalidDefinition, e.Error));
        var after = await workshop.Record();
        Assert.Empty(after.Participants);
        Assert.Equal(before.Workshop.Version, after.Workshop.Version);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
    }

    [Fact]
    public async Task Revealing_and_hiding_results_shows_them_to_participants_only_while_revealed()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var phone = await workshop.Join();
        AckAssert.Accepted(await phone.Dots(vote, (vote.Items[0], 2)));
        await workshop.WaitForRespondents(1);

        var hidden = await workshop.Room.GetSnapshot();
        await workshop.Grain.Reveal(vote.Id, true);
        var revealed = await workshop.Room.GetSnapshot();
        await workshop.Grain.Reveal(vote.Id, false);
        var hiddenAgain = await workshop.Room.GetSnapshot();

        Assert.NotNull(hidden.Current!.Results);
        Assert.Null(hidden.ForParticipants().Current!.Results);
        Assert.True(revealed.Current!.Revealed);
        Assert.True(revealed.Version > hidden.Version);
        var results = revealed.ForParticipants().Current!.Results!.DotVote!;
        Assert.Equal((1, 2), (results.Respondents, results.TotalDots));
        Assert.Equal(vote.Items[0], results.Items[0].Item);
        Assert.False(hiddenAgain.Current!.Revealed);
        Assert.Null(hiddenAgain.ForParticipants().Current!.Results);
        var timeline = (await workshop.Record()).Timeline;
        Assert.Equal(["revealed", "hidden"], timeline.Where(e => e.Kind is "revealed" or "hidden").Select(e => e.Kind));
    }

    [Fact]
    public async Task A_locked_activity_refuses_answers_and_keeps_the_answers_it_has_and_unlocking_accepts_them_again()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var phone = await workshop.Join();
        var first = Phone.Dots(vote, phone.NextClientId(), (vote.Items[0], 1));
        AckAssert.Accepted(await phone.Submit(first));
        await workshop.WaitForRespondents(1);

        await workshop.Grain.Lock(vote.Id, true);
        var whileLocked = await phone.Dots(vote, (vote.Items[1], 2));
        var lockedSnapshot = await workshop.Room.GetSnapshot();
        await workshop.Grain.Lock(vote.Id, false);
        var afterUnlock = Phone.Dots(vote, phone.NextClientId(), (vote.Items[2], 2));
        AckAssert.Accepted(await phone.Submit(afterUnlock));

        AckAssert.Refused(WorkshopError.ActivityLocked, whileLocked);
        Assert.True(lockedSnapshot.Current!.Locked);
        Assert.Equal(ActivityStatus.Open, lockedSnapshot.Current.Status);
        Assert.Equal([(afterUnlock.ClientId, 2)], (await phone.Grain.GetAnswers()).Select(a => (a.Answer.ClientId, a.Count)));
        await workshop.WaitForLiveTally(vote, [afterUnlock]);
        var kinds = (await workshop.Record()).Timeline.Select(e => e.Kind).ToList();
        Assert.Equal(["locked", "unlocked"], kinds.Where(k => k is "locked" or "unlocked"));
    }

    [Fact]
    public async Task A_phone_that_joined_during_an_open_round_and_has_not_answered_yet_follows_its_pause_and_its_close()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        // The join hands the open round to the new participants, so their first answers need no call to the workshop.
        var phones = await workshop.JoinMany(2);

        await workshop.Grain.Lock(vote.Id, true);
        var whileLocked = await phones[0].Dots(vote, (vote.Items[0], 1));
        await workshop.Grain.CloseActivity(vote.Id);
        var afterClose = await phones[1].Dots(vote, (vote.Items[0], 1));

        AckAssert.Refused(WorkshopError.ActivityLocked, whileLocked);
        AckAssert.Refused(WorkshopError.ActivityClosed, afterClose);
        Assert.Empty(await phones[0].Grain.GetAnswers());
        Assert.Empty(await phones[1].Grain.GetAnswers());
    }

    [Fact]
    public async Task A_timer_sets_when_the_activity_ends_and_can_be_cleared_and_an_impossible_duration_changes_nothing()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();

        var before = DateTimeOffset.UtcNow;
        await workshop.Grain.SetTimer(vote.Id, TimeSpan.FromMinutes(3));
        var after = DateTimeOffset.UtcNow;
        var running = await workshop.Room.GetSnapshot();
        var zero = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.SetTimer(vote.Id, TimeSpan.Zero));
        var tooLong = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.SetTimer(vote.Id, TimeSpan.FromHours(3)));
        var unchanged = await workshop.Room.GetSnapshot();
        await workshop.Grain.SetTimer(vote.Id, null);
        var cleared = await workshop.Room.GetSnapshot();

        var endsAt = running.Current!.TimerEndsAt!.Value;
        Assert.InRange(endsAt, before + TimeSpan.FromMinutes(3), after + TimeSpan.FromMinutes(3));
        Assert.Equal(WorkshopError.InvalidDefinition, zero.Error);
        Assert.Equal(WorkshopError.InvalidDefinition, tooLong.Error);
        Assert.Equal((running.Version, endsAt), (unchanged.Version, unchanged.Current!.TimerEndsAt));
        Assert.Null(cleared.Current!.TimerEndsAt);
        Assert.Equal(2, (await workshop.Record()).Timeline.Count(e => e.Kind == "timer"));
    }

    [Fact]
    public async Task Opening_another_activity_closes_the_open_one_and_the_snapshot_follows_the_current_activity()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var rating = await workshop.AddRating();
        var phone = await workshop.Join();
        AckAssert.Accepted(await phone.Dots(vote, (vote.Items[0], 1)));

        await workshop.Grain.OpenActivity(rating.Id);

        var snapshot = await workshop.Room.GetSnapshot();
        Assert.Equal((rating.Id, ActivityStatus.Open, 1), (snapshot.Current!.Definition.Id, snapshot.Current.Status, snapshot.Current.Round));
        var closedVote = await workshop.Activity(vote.Id);
        Assert.Equal(ActivityStatus.Closed, closedVote.Status);
        Assert.Equal(1, Assert.Single(closedVote.ClosedRounds).DotVote!.Respondents);
        AckAssert.Refused(WorkshopError.ActivityClosed, await phone.Dots(vote, (vote.Items[1], 1)));
    }

    [Fact]
    public async Task Ending_closes_the_open_activity_exactly_releases_the_join_code_and_refuses_joins_and_answers()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote();
        var phone = await workshop.Join();
        var answer = Phone.Dots(vote, phone.NextClientId(), (vote.Items[0], 2), (vote.Items[1], 1));
        AckAssert.Accepted(await phone.Submit(answer));

        await workshop.Grain.End();
        await workshop.Grain.End();

        var state = await workshop.Record();
        Assert.Equal(WorkshopStatus.Ended, state.Workshop.Status);
        var activity = state.Workshop.Activity(vote.Id)!;
        Assert.Equal(ActivityStatus.Closed, activity.Status);
        Assert.Equal(TallyCounts.FromAnswers(vote, [answer]), activity.Counts);
        Assert.Null(await Grains.GetGrain<IJoinCodeGrain>(workshop.Code).Resolve());
        var join = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Join());
        Assert.Equal(WorkshopError.WorkshopEnded, join.Error);
        AckAssert.Refused(WorkshopError.ActivityClosed, await phone.Dots(vote, (vote.Items[2], 1)));
        var reopen = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.OpenActivity(vote.Id));
        Assert.Equal(WorkshopError.WorkshopEnded, reopen.Error);
        Assert.Single(state.Timeline, e => e.Kind == "ended");
        var afterRefusals = await workshop.Record();
        Assert.Equal((WorkshopStatus.Ended, state.Timeline.Count), (afterRefusals.Workshop.Status, afterRefusals.Timeline.Count));
        Assert.Equal(ActivityStatus.Closed, afterRefusals.Workshop.Activity(vote.Id)!.Status);

        // The released code can be taken by a new workshop.
        var next = await LiveWorkshop.Create(Grains, code: workshop.Code);
        Assert.Equal(workshop.Code, next.Code);
        Assert.Equal(next.Id, await Grains.GetGrain<IJoinCodeGrain>(workshop.Code).Resolve());
    }

    [Fact]
    public async Task The_timeline_records_joins_openings_and_closes_in_order_with_pseudonyms_and_never_a_name()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country], started: false);
        var vote = await workshop.AddDotVote();
        await workshop.Grain.Start();
        var ana = await workshop.Join("Ana Novak", ImmutableDictionary<string, string>.Empty.Add("country", "SI"));
        var bor = await workshop.Join("Bor Kranjc");
        await workshop.Grain.OpenActivity(vote.Id);
        AckAssert.Accepted(await ana.Dots(vote, (vote.Items[0], 1)));
        await workshop.Grain.CloseActivity(vote.Id);

        var timeline = (await workshop.Record()).Timeline;

        Assert.Equal(["created", "activity-added", "started", "joined", "joined", "opened", "closed"], timeline.Select(e => e.Kind));
        Assert.Equal(["P001", "P002"], timeline.Where(e => e.Kind == "joined").Select(e => e.Participant));
        var opened = timeline.Single(e => e.Kind == "opened");
        var closed = timeline.Single(e => e.Kind == "closed");
        Assert.Equal((vote.Id, 1), (opened.Activity, opened.Round));
        Assert.Equal((vote.Id, 1, "n=1"), (closed.Activity, closed.Round, closed.Detail));
        Assert.Equal(timeline.Select(e => e.At).Order(), timeline.Select(e => e.At));
        var text = string.Join("\n", timeline.Select(e => $"{e.Kind} {e.Participant} {e.Detail}"));
        Assert.DoesNotContain("Ana", text);
        Assert.DoesNotContain("Bor", text);
        Assert.DoesNotContain("SI", text);
    }

    [Fact]
    public async Task A_co_facilitator_is_added_once_to_the_workshop_and_its_listing_with_a_timeline_event()
    {
        var workshop = await LiveWorkshop.Create(Grains);

        await workshop.Grain.AddFacilitator(LiveWorkshop.Facilitator, " colleague@example.org ");
        await workshop.Grain.AddFacilitator(LiveWorkshop.Facilitator, "COLLEAGUE@example.org");
        var empty = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.AddFacilitator(LiveWorkshop.Facilitator, "  "));

        var state = await workshop.Record();
        Assert.Equal(WorkshopError.UnknownFacilitator, empty.Error);
        Assert.Equal([LiveWorkshop.Facilitator, "colleague@example.org"], state.Workshop.Facilitators);
        Assert.Equal($"colleague@example.org by {LiveWorkshop.Facilitator}", state.Timeline.Single(e => e.Kind == "facilitator-added").Detail);
        var listing = (await Grains.GetGrain<IWorkshopRegistryGrain>(0).List()).Single(w => w.Id == workshop.Id);
        Assert.Equal(state.Workshop.Facilitators, listing.Facilitators);
    }

    [Fact]
    public async Task Personal_data_is_erased_only_after_the_end_and_the_results_and_evidence_stay()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country]);
        var vote = await workshop.OpenDotVote();
        var phones = new List<Phone>();
        foreach (var name in new[] { "Ana Novak", "Bor Kranjc", "Cene Zupan" })
            phones.Add(await workshop.Join(name, ImmutableDictionary<string, string>.Empty.Add("country", "SI")));
        foreach (var phone in phones) AckAssert.Accepted(await phone.Dots(vote, (vote.Items[0], 2)));

        var tooEarly = await Assert.ThrowsAsync<WorkshopRuleException>(() => workshop.Grain.ErasePersonalData(LiveWorkshop.Facilitator));
        Assert.Equal(WorkshopError.WorkshopNotEnded, tooEarly.Error);
        Assert.All((await workshop.Record()).Participants, p => Assert.Equal("SI", p.Segments["country"]));

        await workshop.Grain.End();
        var ended = await workshop.Record();
        var evidence = await Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId).For(vote.Items[0]);
        await workshop.Grain.ErasePersonalData(LiveWorkshop.Facilitator);

        var erased = await workshop.Record();
        Assert.NotNull(erased.Workshop.PersonalDataErasedAt);
        Assert.All(erased.Participants, p => Assert.Equal((null, 0), (p.DisplayName, p.Segments.Count)));
        Assert.Equal(ended.Participants.Select(p => p.Pseudonym).Order(), erased.Participants.Select(p => p.Pseudonym).Order());
        Assert.Equal(ended.Workshop.Activity(vote.Id)!.ClosedRounds[0].DotVote!.Items, erased.Workshop.Activity(vote.Id)!.ClosedRounds[0].DotVote!.Items);
        Assert.Equal(6, erased.Workshop.Activity(vote.Id)!.ClosedRounds[0].DotVote!.Items.Single(i => i.Item == vote.Items[0]).Dots);
        Assert.Equal(LiveWorkshop.Facilitator, erased.Timeline[^1] is { Kind: "personal-data-erased" } last ? last.Detail : null);
        var evidenceAfter = await Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId).For(vote.Items[0]);
        Assert.Equal(evidence.Count, evidenceAfter.Count);
        Assert.Contains(evidenceAfter, e => e.Segment == "country=SI");
    }

    [Fact]
    public async Task Every_change_raises_the_snapshot_version()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var versions = new List<long> { (await workshop.Room.GetSnapshot()).Version };
        var vote = await workshop.AddDotVote();
        versions.Add((await workshop.Room.GetSnapshot()).Version);
        await workshop.Join();
        versions.Add((await workshop.Room.GetSnapshot()).Version);
        await workshop.Grain.OpenActivity(vote.Id);
        versions.Add((await workshop.Room.GetSnapshot()).Version);
        await workshop.Grain.Reveal(vote.Id, true);
        versions.Add((await workshop.Room.GetSnapshot()).Version);
        await workshop.Grain.CloseActivity(vote.Id);
        versions.Add((await workshop.Room.GetSnapshot()).Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }
}
