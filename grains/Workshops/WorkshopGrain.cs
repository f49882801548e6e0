using System.Collections.Immutable;
using Orleans.Utilities;
using Workshop.Grains.Boards;
using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops.Retention;

namespace Workshop.Grains.Workshops;

public sealed class WorkshopGrain(
    [PersistentState("workshop")] IPersistentState<WorkshopState> workshop,
    PersonalDataRetention retention,
    TimeProvider clock,
    SnapshotTimers snapshotTimers,
    ILogger<WorkshopGrain> logger) : Grain, IWorkshopGrain, IRemindable
{
    /// <summary>Displays get at most about ten snapshots a second, however many votes arrive.</summary>
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromMilliseconds(100);
    /// <summary>A second without a snapshot sends a heartbeat, so an observer that hears nothing for 2 s knows it was lost.</summary>
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);
    /// <summary>Live tallies are derivable from the participants' answers, so they are saved lazily.</summary>
    private static readonly TimeSpan SaveTalliesEvery = TimeSpan.FromSeconds(2);

    /// <summary>The web nodes renew their subscription every 20 s; one silent for a minute has gone.</summary>
    private readonly ObserverManager<IWorkshopObserver> observers = new(TimeSpan.FromSeconds(60), logger);
    private IGrainTimer? snapshotTimer;
    private DateTimeOffset lastNotified;
    private bool snapshotDue;
    /// <summary>Participants whose phone is connected now: the live count. Kept in memory only (phones come and go on weak wifi).</summary>
    private readonly HashSet<Guid> connected = [];
    private bool talliesUnsaved;
    private DateTimeOffset lastSaved;

    private WorkshopState State => workshop.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The live tally is saved lazily and the deltas still in an aggregator are lost with a silo: recount the open round
        // from the participants' answers, so that the deltas of answers accepted from now on apply to what they replace.
        if (State.Status != WorkshopStatus.Ended && State.Current is { Status: ActivityStatus.Open } open) await Recount(open.Id);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopSnapshots();
        if (talliesUnsaved) await workshop.WriteStateAsync(cancellationToken);
    }

    public async Task<WorkshopSnapshot> Create(CreateWorkshop command)
    {
        if (State.Exists) return WorkshopSnapshot.Of(State, connected.Count);
        WorkshopRules.ValidateCreate(command);
        var framework = await GrainFactory.GetGrain<IFrameworkGrain>(command.FrameworkId).Get();
        if (framework?.Version(command.FrameworkVersion) is not { IsPublished: true })
            throw new WorkshopRuleException(WorkshopError.InvalidDefinition, $"Framework {command.FrameworkId} has no published version {command.FrameworkVersion}.");
        var code = await ReserveCode(command.Code);
        var id = this.GetPrimaryKey();
        var now = clock.GetUtcNow();
        await Save(new WorkshopState
        {
            Id = id,
            Title = command.Title.Trim(),
            FrameworkId = command.FrameworkId,
            FrameworkVersion = command.FrameworkVersion,
            Code = code,
            DisplayKey = ParticipantTokens.New().Token,
            Status = WorkshopStatus.Draft,
            Facilitators = [command.Facilitator],
            CreatedAt = now,
            SegmentQuestions = command.SegmentQuestions ?? [],
            Language = command.Language,
            Timeline = [new TimelineEvent(now, "created", Detail: command.Facilitator)],
        });
        await GrainFactory.GetGrain<IWorkshopRegistryGrain>(0).Register(new WorkshopListing(id, State.Title, State.FrameworkId, now, State.Facilitators));
        return WorkshopSnapshot.Of(State, connected.Count);
    }

    public Task<WorkshopState?> GetState() => Task.FromResult(State.Exists ? State : null);

    public Task<ImmutableList<string>> GetFacilitators() => Task.FromResult(State.Facilitators);

    public Task<WorkshopSnapshot> GetSnapshot() => Task.FromResult(WorkshopSnapshot.Of(State, connected.Count));

    public async Task AddActivity(ActivityDefinition definition)
    {
        RequireNotEnded();
        ActivityRules.ValidateDefinition(definition);
        if (State.Activity(definition.Id) is not null) throw new WorkshopRuleException(WorkshopError.InvalidDefinition, "An activity with this id is already on the agenda.");
        var version = (await GrainFactory.GetGrain<IFrameworkGrain>(State.FrameworkId).Get())!.Version(State.FrameworkVersion)!;
        var items = definition.Items.Select(id => version.Find(id) is { } item
                ? new ActivityItem(item.Id, item.Code, item.Labels)
                : throw new WorkshopRuleException(WorkshopError.ItemNotInActivity, $"Item {id} is not in version {version.Number} of the framework."))
            .ToImmutableList();
        var activity = new ActivityState(definition, items, ActivityStatus.Pending, 1, false, false, null, TallyCounts.Empty, [],
            definition.Kind == ActivityKind.Board ? BoardState.Empty : null);
        await Change(State with { Activities = State.Activities.Add(activity) }, new TimelineEvent(clock.GetUtcNow(), "activity-added", Activity: definition.Id, Detail: definition.Kind.ToString()));
    }

    public async Task RemoveActivity(Guid activityId)
    {
        var activity = RequireActivity(activityId);
        if (activity.Status != ActivityStatus.Pending) throw new WorkshopRuleException(WorkshopError.InvalidDefinition, "Only an activity that has not been opened can be removed.");
        await Change(State with { Activities = State.Activities.Remove(activity) }, new TimelineEvent(clock.GetUtcNow(), "activity-removed", Activity: activityId));
    }

    public async Task Start()
    {
        RequireNotEnded();
        if (State.Status == WorkshopStatus.Live) return;
        await Change(State with { Status = WorkshopStatus.Live }, new TimelineEvent(clock.GetUtcNow(), "started"));
    }

    public async Task OpenActivity(Guid activityId)
    {
        RequireNotEnded();
        var activity = RequireActivity(activityId);
        if (activity.Status == ActivityStatus.Open) return;
        if (State.Current is { Status: ActivityStatus.Open } other) await CloseActivity(other.Id);
        activity = RequireActivity(activityId);
        var reopened = activity.Status == ActivityStatus.Closed
            ? activity with { Round = activity.Round + 1, Counts = TallyCounts.Empty, Revealed = false }
            : activity;
        var opened = reopened with { Status = ActivityStatus.Open, Locked = false, TimerEndsAt = null };
        await Change(State with { Status = WorkshopStatus.Live, CurrentActivity = activityId, Activities = State.Activities.Replace(activity, opened) },
            new TimelineEvent(clock.GetUtcNow(), "opened", Activity: activityId, Round: opened.Round));
    }

    public async Task CloseActivity(Guid activityId)
    {
        var activity = RequireActivity(activityId);
        if (activity.Status != ActivityStatus.Open) return;
        // From here GetOpenActivity says closed; then every participant hands in its final answer, so the tally is exact.
        if (activity.Board is not null)
        {
            await CloseBoard(activity);
            return;
        }
        var closing = activity with { Status = ActivityStatus.Closed, TimerEndsAt = null };
        var beforeClose = State;
        workshop.State = State with { Activities = State.Activities.Replace(activity, closing) };
        (Guid Participant, Answer? Answer)[] finals;
        try
        {
            finals = await Task.WhenAll(State.Participants.Keys.Select(async id =>
                (Participant: id, Answer: await GrainFactory.GetGrain<IParticipantGrain>(id).Close(activityId, activity.Round))));
        }
        catch
        {
            // The round stays open, so the facilitator can close it again; participants that did hand in stay closed and refuse.
            workshop.State = beforeClose;
            throw;
        }
        var answered = finals.Where(f => f.Answer is not null).ToList();
        var counts = TallyCounts.FromAnswers(activity.Definition, answered.Select(f => f.Answer));
        var results = Results.For(activity.Definition, counts);
        var closed = closing with { Counts = counts, ClosedRounds = closing.ClosedRounds.Add(results) };
        await Change(State with { Activities = State.Activities.Replace(closing, closed) },
            new TimelineEvent(clock.GetUtcNow(), "closed", Activity: activityId, Round: activity.Round, Detail: $"n={answered.Count}"));
        await GrainFactory.GetGrain<IItemEvidenceGrain>(State.FrameworkId).Record(
            EvidenceBuilder.For(State, closed, answered.Select(f => (State.Participants[f.Participant], f.Answer!)).ToList(), clock.GetUtcNow()));
    }

    /// <summary>A board's outcome: its clusters, notes and votes stay in the state; the votes go to the linked items as evidence and to the proposals.</summary>
    private async Task CloseBoard(ActivityState activity)
    {
        var board = activity.Board!;
        var results = BoardResults.From(board);
        var closed = activity with { Status = ActivityStatus.Closed, TimerEndsAt = null, ClosedRounds = activity.ClosedRounds.Add(new ActivityResults(ActivityKind.Board, null, null, null, results)) };
        await Change(State with { Activities = State.Activities.Replace(activity, closed) },
            new TimelineEvent(clock.GetUtcNow(), "closed", Activity: activity.Id, Round: activity.Round, Detail: $"notes={board.Notes.Count}, voters={results.Voters}"));
        await GrainFactory.GetGrain<IItemEvidenceGrain>(State.FrameworkId).Record(EvidenceBuilder.ForBoard(State, closed, results, clock.GetUtcNow()));
        await GrainFactory.GetGrain<IProposalsGrain>(State.FrameworkId).RecordVotes(BoardOutcome.VotesByNote(board, results));
    }

    public async Task Reveal(Guid activityId, bool revealed)
    {
        var activity = RequireActivity(activityId);
        if (activity.Revealed == revealed) return;
        await Change(State with { Activities = State.Activities.Replace(activity, activity with { Revealed = revealed }) },
            new TimelineEvent(clock.GetUtcNow(), revealed ? "revealed" : "hidden", Activity: activityId, Round: activity.Round));
    }

    public async Task Lock(Guid activityId, bool locked)
    {
        var activity = RequireActivity(activityId);
        if (activity.Locked == locked) return;
        await Change(State with { Activities = State.Activities.Replace(activity, activity with { Locked = locked }) },
            new TimelineEvent(clock.GetUtcNow(), locked ? "locked" : "unlocked", Activity: activityId, Round: activity.Round));
        // Participants keep the open activity at hand; once this returns, none accepts (or refuses) on the old setting.
        await Task.WhenAll(State.Participants.Keys.Select(id => GrainFactory.GetGrain<IParticipantGrain>(id).SetLocked(activityId, activity.Round, locked)));
    }

    public async Task SetTimer(Guid activityId, TimeSpan? duration)
    {
        var activity = RequireActivity(activityId);
        if (duration is { } d && (d <= TimeSpan.Zero || d > TimeSpan.FromHours(2)))
            throw new WorkshopRuleException(WorkshopError.InvalidDefinition, "A timer runs between 1 second and 2 hours.");
        var endsAt = duration is { } length ? clock.GetUtcNow() + length : (DateTimeOffset?)null;
        await Change(State with { Activities = State.Activities.Replace(activity, activity with { TimerEndsAt = endsAt }) },
            new TimelineEvent(clock.GetUtcNow(), "timer", Activity: activityId, Detail: duration?.ToString()));
    }

    public async Task End()
    {
        if (State.Status == WorkshopStatus.Ended) return;
        if (State.Current is { Status: ActivityStatus.Open } open) await CloseActivity(open.Id);
        await Change(State with { Status = WorkshopStatus.Ended }, new TimelineEvent(clock.GetUtcNow(), "ended"));
        await GrainFactory.GetGrain<IJoinCodeGrain>(State.Code).Release(State.Id);
        await retention.Schedule(this, State);
    }

    public async Task AddFacilitator(string by, string facilitator)
    {
        if (!State.Exists) throw new WorkshopRuleException(WorkshopError.UnknownWorkshop, "This workshop does not exist.");
        var name = facilitator.Trim();
        if (name.Length == 0) throw new WorkshopRuleException(WorkshopError.UnknownFacilitator, "Give the co-facilitator's email.");
        if (State.Facilitators.Contains(name, StringComparer.OrdinalIgnoreCase)) return;
        await Change(State with { Facilitators = State.Facilitators.Add(name) }, new TimelineEvent(clock.GetUtcNow(), "facilitator-added", Detail: $"{name} by {by}"));
        await GrainFactory.GetGrain<IWorkshopRegistryGrain>(0).Register(new WorkshopListing(State.Id, State.Title, State.FrameworkId, State.CreatedAt, State.Facilitators));
    }

    public async Task ErasePersonalData(string by)
    {
        if (!State.Exists) throw new WorkshopRuleException(WorkshopError.UnknownWorkshop, "This workshop does not exist.");
        if (State.Status != WorkshopStatus.Ended)
            throw new WorkshopRuleException(WorkshopError.WorkshopNotEnded, "Personal data can be erased once the workshop has ended, so that no result is left without its segment.");
        var now = clock.GetUtcNow();
        await Change(WorkshopRules.WithoutPersonalData(State) with { PersonalDataErasedAt = now }, new TimelineEvent(now, "personal-data-erased", Detail: by));
        await retention.Cancel(this);
    }

    public Task ScheduleRetention() => retention.Schedule(this, State);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == PersonalDataRetention.ReminderName ? retention.OnReminder(this, State, ErasePersonalData) : Task.CompletedTask;

    public async Task<Joined> Join(JoinRequest request)
    {
        var result = (await JoinMany([request]))[0];
        return result.Joined ?? throw new WorkshopRuleException(result.Error!.Value, result.Message!);
    }

    public async Task<ImmutableList<JoinResult>> JoinMany(ImmutableList<JoinRequest> requests)
    {
        if (!State.Exists) throw new WorkshopRuleException(WorkshopError.UnknownWorkshop, "This workshop does not exist.");
        RequireNotEnded();
        var now = clock.GetUtcNow();
        var results = new List<JoinResult>(requests.Count);
        var joining = new List<(ParticipantEntry Entry, string TokenHash)>();
        foreach (var request in requests)
        {
            JoinRequest clean;
            try { clean = WorkshopRules.ValidateJoin(State, request); }
            catch (WorkshopRuleException e)
            {
                results.Add(new JoinResult(null, e.Error, e.Message));
                continue;
            }
            var (participantId, token, hash) = ParticipantTokens.New();
            var pseudonym = $"P{State.Participants.Count + joining.Count + 1:000}";
            joining.Add((new ParticipantEntry(participantId, pseudonym, clean.DisplayName, clean.Language, clean.Segments ?? ImmutableDictionary<string, string>.Empty, now, true), hash));
            results.Add(new JoinResult(new Joined(participantId, token), null, null));
        }
        if (joining.Count == 0) return [.. results];
        // All the writes in flight at once land in one group commit; the tokens are handed out only when all are stored.
        await Task.WhenAll(joining
            .Select(j => GrainFactory.GetGrain<IParticipantGrain>(j.Entry.Id).Initialize(State.Id, j.TokenHash, j.Entry.Pseudonym))
            .Append(Change(State with { Participants = State.Participants.AddRange(joining.Select(j => KeyValuePair.Create(j.Entry.Id, j.Entry))) },
                joining.Select(j => new TimelineEvent(now, "joined", j.Entry.Pseudonym)))));
        foreach (var (entry, _) in joining) connected.Add(entry.Id);
        return [.. results];
    }

    public async Task Leave(Guid participantId)
    {
        if (!State.Participants.TryGetValue(participantId, out var entry) || !entry.Present) return;
        connected.Remove(participantId);
        await Change(State with { Participants = State.Participants.SetItem(participantId, entry with { Present = false }) },
            new TimelineEvent(clock.GetUtcNow(), "left", entry.Pseudonym));
    }

    public Task Connected(Guid participantId, bool connected)
    {
        var changed = connected
            ? State.Participants.TryGetValue(participantId, out var entry) && entry.Present && this.connected.Add(participantId)
            : this.connected.Remove(participantId);
        snapshotDue |= changed;
        return Task.CompletedTask;
    }

    public Task<bool> IsDisplayKey(string key) => Task.FromResult(State.Exists && ParticipantTokens.SameSecret(key, State.DisplayKey));

    public Task<OpenActivity?> GetOpenActivity() =>
        Task.FromResult(State.Status != WorkshopStatus.Ended && State.Current is { Status: ActivityStatus.Open } current
            ? new OpenActivity(current.Definition, current.Round, current.Locked) : null);

    public async Task ApplyDeltas(ImmutableList<TallyBatch> batches)
    {
        var activities = State.Activities;
        var inconsistent = new List<Guid>();
        foreach (var batch in batches)
        {
            // A late batch for a closed round is ignored: the close recounted from the answers themselves.
            if (activities.Find(a => a.Id == batch.ActivityId) is not { Status: ActivityStatus.Open } activity || activity.Round != batch.Round) continue;
            try { activities = activities.Replace(activity, activity with { Counts = activity.Counts.Apply(batch.Delta) }); }
            // A delta that takes a count below zero replaces an answer the tally never had (e.g. its delta was lost with a silo).
            catch (InvalidOperationException) { inconsistent.Add(activity.Id); }
        }
        if (activities != State.Activities)
        {
            workshop.State = State with { Activities = activities, Version = NextVersion() };
            snapshotDue = talliesUnsaved = true;
        }
        foreach (var activityId in inconsistent.Distinct())
        {
            logger.LogWarning("The live tally of activity {Activity} in workshop {Workshop} lost a delta; recounting it from the answers", activityId, State.Id);
            await Recount(activityId);
        }
    }

    /// <summary>
    /// Sets the live tally of an open activity's round to the tally of the participants' current answers (the source of truth).
    /// A live tally is only a preview (the close counts the answers themselves), so a failed recount is logged, not thrown.
    /// </summary>
    private async Task Recount(Guid activityId)
    {
        var activity = RequireActivity(activityId);
        ImmutableList<AnswerRecord>[] histories;
        try { histories = await Task.WhenAll(State.Participants.Keys.Select(id => GrainFactory.GetGrain<IParticipantGrain>(id).GetAnswers())); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not recount the live tally of activity {Activity} in workshop {Workshop}", activityId, State.Id);
            return;
        }
        var answers = histories.Select(h => h.LastOrDefault(r => r.Answer.ActivityId == activity.Id && r.Answer.Round == activity.Round)?.Answer);
        var counts = TallyCounts.FromAnswers(activity.Definition, answers);
        if (RequireActivity(activityId) is not { Status: ActivityStatus.Open } current || current.Round != activity.Round) return;
        workshop.State = State with { Activities = State.Activities.Replace(current, current with { Counts = counts }), Version = NextVersion() };
        snapshotDue = talliesUnsaved = true;
    }

    public Task Subscribe(IWorkshopObserver observer)
    {
        observers.Subscribe(observer, observer);
        StartSnapshots();
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IWorkshopObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<Guid> PostNote(Guid activityId, Guid? participantId, string? facilitator, string prompt, string text)
    {
        var noteId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        if (participantId is { } participant)
        {
            var (activity, entry) = ParticipantBoard(activityId, participant);
            await ChangeBoard(activity, BoardRules.Post(activity.Board!, activity.Definition, noteId, participant, prompt, text, now),
                new TimelineEvent(now, "note-posted", entry.Pseudonym, activityId, Detail: prompt));
        }
        else
        {
            var activity = FacilitatorBoard(activityId);
            await ChangeBoard(activity, BoardRules.Post(activity.Board!, activity.Definition, noteId, Guid.Empty, prompt, text, now),
                new TimelineEvent(now, "note-posted", Activity: activityId, Detail: $"{prompt}; by {facilitator}"));
        }
        return noteId;
    }

    public async Task EditNote(Guid activityId, Guid participantId, Guid noteId, string text)
    {
        var (activity, entry) = ParticipantBoard(activityId, participantId);
        await ChangeBoard(activity, BoardRules.Edit(activity.Board!, participantId, noteId, text, NotesVisible(activity)),
            new TimelineEvent(clock.GetUtcNow(), "note-edited", entry.Pseudonym, activityId));
    }

    public async Task DeleteNote(Guid activityId, Guid participantId, Guid noteId)
    {
        var (activity, entry) = ParticipantBoard(activityId, participantId);
        await ChangeBoard(activity, BoardRules.Delete(activity.Board!, participantId, noteId, NotesVisible(activity)),
            new TimelineEvent(clock.GetUtcNow(), "note-deleted", entry.Pseudonym, activityId));
    }

    public Task<ImmutableList<BoardNote>> MyNotes(Guid activityId, Guid participantId) =>
        Task.FromResult(State.Activity(activityId)?.Board?.Notes.Where(n => n.Author == participantId).ToImmutableList() ?? []);

    public async Task ModerateNote(Guid activityId, string facilitator, Guid noteId, bool? hidden, string? text)
    {
        var activity = FacilitatorBoard(activityId);
        var kind = hidden switch { true => "note-hidden", false => "note-restored", null => "note-edited" };
        await ChangeBoard(activity, BoardRules.Moderate(activity.Board!, noteId, hidden, text),
            new TimelineEvent(clock.GetUtcNow(), kind, Activity: activityId, Detail: $"note {noteId:N} by {facilitator}"));
    }

    public async Task<Guid> CreateCluster(Guid activityId, string facilitator, string name)
    {
        var activity = FacilitatorBoard(activityId);
        var clusterId = Guid.NewGuid();
        await ChangeBoard(activity, BoardRules.CreateCluster(activity.Board!, clusterId, name),
            new TimelineEvent(clock.GetUtcNow(), "cluster-created", Activity: activityId, Detail: $"{name} by {facilitator}"));
        return clusterId;
    }

    public Task RenameCluster(Guid activityId, string facilitator, Guid clusterId, string name) =>
        FacilitatorChange(activityId, board => BoardRules.RenameCluster(board, clusterId, name), "cluster-renamed", $"{name} by {facilitator}");

    public Task MergeClusters(Guid activityId, string facilitator, Guid into, Guid from) =>
        FacilitatorChange(activityId, board => BoardRules.Merge(board, into, from), "clusters-merged", $"{from:N} into {into:N} by {facilitator}");

    public Task AssignNote(Guid activityId, string facilitator, Guid noteId, Guid? clusterId) =>
        FacilitatorChange(activityId, board => BoardRules.Assign(board, noteId, clusterId), "note-clustered", $"note {noteId:N} to {clusterId:N} by {facilitator}");

    /// <summary>Links a note or cluster to an item; the item joins the board's items, so phones can show what it is.</summary>
    public async Task LinkToItem(Guid activityId, string facilitator, Guid targetId, Guid? itemId)
    {
        var item = itemId is { } id
            ? (await PinnedVersion()).Find(id) ?? throw new WorkshopRuleException(WorkshopError.ItemNotInActivity, "This item is not in the workshop's framework version.")
            : null;
        var activity = FacilitatorBoard(activityId);
        var board = BoardRules.Link(activity.Board!, targetId, itemId);
        var items = item is null || activity.Items.Any(i => i.Id == item.Id) ? activity.Items : activity.Items.Add(new ActivityItem(item.Id, item.Code, item.Labels));
        await Change(State with { Activities = State.Activities.Replace(activity, activity with { Board = board, Items = items }) },
            new TimelineEvent(clock.GetUtcNow(), "linked", Activity: activityId, Detail: $"{targetId:N} to {itemId:N} by {facilitator}"));
    }

    public Task OpenBoardVoting(Guid activityId, string facilitator, BoardVoting on) =>
        FacilitatorChange(activityId, board => BoardRules.OpenVoting(board, on), "board-voting", $"{on} by {facilitator}");

    public async Task VoteOnBoard(Guid activityId, Guid participantId, ImmutableDictionary<Guid, int> votes)
    {
        var (activity, entry) = ParticipantBoard(activityId, participantId);
        await ChangeBoard(activity, BoardRules.Vote(activity.Board!, activity.Definition, participantId, votes),
            new TimelineEvent(clock.GetUtcNow(), "board-vote", entry.Pseudonym, activityId));
    }

    public async Task<Guid> Propose(Guid? participantId, string? facilitator, ProposalDraft draft)
    {
        RequireNotEnded();
        // A participant proposes from the open board, a few a minute; a facilitator at any time.
        var (fromBoard, by) = participantId is { } id ? ProposingOnBoard(id, draft.ActivityId) : (null, facilitator ?? "");
        if (draft.NoteId is { } noteId && (draft.ActivityId is not { } boardId || State.Activity(boardId)?.Board?.Note(noteId) is null))
            throw new WorkshopRuleException(WorkshopError.UnknownNote, "The note this proposal comes from is not on the board.");
        // A board's close records its votes on the proposals made before it; one made after the close takes its note's votes from the close's results.
        var votes = 0;
        if (draft.NoteId is { } fromNote && State.Activity(draft.ActivityId!.Value) is { Status: ActivityStatus.Closed, Board: { } closedBoard, ClosedRounds: [.., { Board: { } closedResults }] })
            votes = BoardOutcome.VotesByNote(closedBoard, closedResults).GetValueOrDefault(fromNote);
        var proposal = new Proposal(Guid.NewGuid(), draft.Kind, draft.Item, draft.OtherItem, draft.Labels, draft.Rationale,
            new ProposalProvenance(State.Id, State.Title, draft.ActivityId, draft.NoteId, by, votes), ProposalStatus.Pending, clock.GetUtcNow());
        ProposalRules.Validate(proposal, await PinnedVersion());
        await GrainFactory.GetGrain<IProposalsGrain>(State.FrameworkId).Submit(proposal);
        var proposed = new TimelineEvent(clock.GetUtcNow(), "proposed", participantId is null ? null : by, draft.ActivityId, Detail: $"{draft.Kind} on {draft.Item:N}");
        await (fromBoard is ({ } activity, { } board) ? ChangeBoard(activity, board, proposed) : Change(State, proposed));
        return proposal.Id;
    }

    /// <summary>The board a participant proposes from, counted against the board's rate of proposals, and the participant's pseudonym.</summary>
    private ((ActivityState Activity, BoardState Board)?, string By) ProposingOnBoard(Guid participantId, Guid? activityId)
    {
        var entry = State.Participants.GetValueOrDefault(participantId) ?? throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");
        if (activityId is not { } boardId || State.CurrentActivity != boardId || State.Activity(boardId) is not { Board: not null, Status: ActivityStatus.Open })
            throw new WorkshopRuleException(WorkshopError.BoardNotOpen, "Proposals are made on the board while the facilitator has it open.");
        var (activity, _) = ParticipantBoard(boardId, participantId);
        return ((activity, BoardRules.Propose(activity.Board!, participantId, clock.GetUtcNow())), entry.Pseudonym);
    }

    private async Task<FrameworkVersion> PinnedVersion() =>
        (await GrainFactory.GetGrain<IFrameworkGrain>(State.FrameworkId).Get())!.Version(State.FrameworkVersion)!;

    private static bool NotesVisible(ActivityState activity) => activity.Definition.NotesVisibleAtOnce || activity.Revealed;

    /// <summary>A board a participant may act on: the open, unlocked current activity, and a participant of this workshop.</summary>
    private (ActivityState Activity, ParticipantEntry Participant) ParticipantBoard(Guid activityId, Guid participantId)
    {
        RequireNotEnded();
        var entry = State.Participants.GetValueOrDefault(participantId) ?? throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");
        var activity = FacilitatorBoard(activityId);
        if (activity.Status != ActivityStatus.Open || State.CurrentActivity != activityId)
            throw new WorkshopRuleException(WorkshopError.ActivityClosed, "This board is not open.");
        if (activity.Locked) throw new WorkshopRuleException(WorkshopError.ActivityLocked, "The board is locked for a moment.");
        return (activity, entry);
    }

    private ActivityState FacilitatorBoard(Guid activityId)
    {
        RequireNotEnded();
        return RequireActivity(activityId) is { Board: not null } activity
            ? activity : throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This activity is not a board.");
    }

    private Task FacilitatorChange(Guid activityId, Func<BoardState, BoardState> change, string kind, string detail)
    {
        var activity = FacilitatorBoard(activityId);
        return ChangeBoard(activity, change(activity.Board!), new TimelineEvent(clock.GetUtcNow(), kind, Activity: activityId, Detail: detail));
    }

    private Task ChangeBoard(ActivityState activity, BoardState board, TimelineEvent happened) =>
        Change(State with { Activities = State.Activities.Replace(activity, activity with { Board = board }) }, happened);

    private void StartSnapshots()
    {
        if (snapshotTimer is not null) return;
        snapshotTimer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(SnapshotEvery, SnapshotEvery) { Interleave = false });
        snapshotTimers.Started();
    }

    private void StopSnapshots()
    {
        if (snapshotTimer is null) return;
        snapshotTimer.Dispose();
        snapshotTimer = null;
        snapshotTimers.Stopped();
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (snapshotDue)
        {
            snapshotDue = false;
            lastNotified = now;
            var snapshot = WorkshopSnapshot.Of(State, connected.Count);
            await observers.Notify(o => o.SnapshotChanged(snapshot));
        }
        else if (now - lastNotified >= HeartbeatEvery)
        {
            lastNotified = now;
            var version = State.Version;
            await observers.Notify(o => o.Heartbeat(version));
        }
        if (talliesUnsaved && now - lastSaved >= SaveTalliesEvery) await Save(State);
        // Unobserved, the timer stops (unsaved tallies are also saved on deactivation); the next Subscribe starts it again.
        observers.ClearExpired();
        if (observers.Count == 0 && !talliesUnsaved) StopSnapshots();
    }

    /// <summary>Persists a change with its timeline event before the caller hears of it, and schedules a snapshot.</summary>
    private Task Change(WorkshopState next, params IEnumerable<TimelineEvent> happened) =>
        Save(next with { Version = NextVersion(), Timeline = next.Timeline.AddRange(happened) });

    /// <summary>
    /// Versions grow with every change and also across restarts (tally changes are saved lazily, so a counter could
    /// fall back): the next version is at least the current time in milliseconds.
    /// </summary>
    private long NextVersion() => Math.Max(State.Version + 1, clock.GetUtcNow().ToUnixTimeMilliseconds());

    private async Task Save(WorkshopState next)
    {
        var previous = workshop.State;
        workshop.State = next;
        try { await workshop.WriteStateAsync(); }
        catch { workshop.State = previous; throw; }
        lastSaved = clock.GetUtcNow();
        talliesUnsaved = false;
        snapshotDue = true;
    }

    private async Task<string> ReserveCode(string? wanted)
    {
        if (wanted is not null)
        {
            var code = JoinCodes.Normalize(wanted) ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, $"'{wanted}' is not a valid join code.");
            return await GrainFactory.GetGrain<IJoinCodeGrain>(code).Reserve(this.GetPrimaryKey())
                ? code : throw new WorkshopRuleException(WorkshopError.UnknownCode, $"The join code {code} is in use by another live workshop.");
        }
        while (true)
        {
            var code = JoinCodes.New();
            if (await GrainFactory.GetGrain<IJoinCodeGrain>(code).Reserve(this.GetPrimaryKey())) return code;
        }
    }

    private ActivityState RequireActivity(Guid activityId) =>
        State.Activity(activityId) ?? throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This activity is not on the workshop's agenda.");

    private void RequireNotEnded()
    {
        if (!State.Exists) throw new WorkshopRuleException(WorkshopError.UnknownWorkshop, "This workshop does not exist.");
        if (State.Status == WorkshopStatus.Ended) throw new WorkshopRuleException(WorkshopError.WorkshopEnded, "This workshop has ended.");
    }
}
