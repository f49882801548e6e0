using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Workshop.Grains.Boards;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops.Journal;
using Workshop.Grains.Workshops.Retention;

namespace Workshop.Grains.Workshops;

/// <summary>
/// A workshop's agenda, lifecycle and roster. The rules are <see cref="AgendaRules"/>'; this grain stores their outcome,
/// writes the events to the journal and tells the room (<see cref="IRoomGrain"/>), the boards and the participants.
/// </summary>
public sealed class WorkshopGrain(
    [PersistentState("workshop")] IPersistentState<WorkshopState> workshop,
    IWorkshopJournal journal,
    PersonalDataRetention retention,
    IOptions<ReminderOptions> reminders,
    TimeProvider clock) : Grain, IWorkshopGrain, IRemindable
{
    /// <summary>The participants, read from the journal once per activation: a join writes only its new rows.</summary>
    private ImmutableList<ParticipantEntry> roster = [];

    private WorkshopState State => workshop.State;
    private DateTimeOffset Now => clock.GetUtcNow();
    private IRoomGrain Room => GrainFactory.GetGrain<IRoomGrain>(this.GetPrimaryKey());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists) return;
        if (await LegacyRecord.Move(State, journal, GrainFactory, Reference) is { } moved)
        {
            workshop.State = moved;
            await workshop.WriteStateAsync();
        }
        roster = await journal.Roster(State.Id);
    }

    public async Task<WorkshopState> Create(CreateWorkshop command)
    {
        if (State.Exists) return State;
        WorkshopRules.ValidateCreate(command);
        var framework = await GrainFactory.GetGrain<IFrameworkGrain>(command.FrameworkId).Get();
        if (framework?.Version(command.FrameworkVersion) is not { IsPublished: true } pinned)
            throw new WorkshopRuleException(WorkshopError.InvalidDefinition, $"Framework {command.FrameworkId} has no published version {command.FrameworkVersion}.");
        var created = new WorkshopState
        {
            Id = this.GetPrimaryKey(), Title = command.Title.Trim(), FrameworkId = command.FrameworkId, FrameworkVersion = command.FrameworkVersion,
            Code = await JoinCodeGrain.Reserve(GrainFactory, this.GetPrimaryKey(), command.Code), DisplayKey = ParticipantTokens.New().Token, Status = WorkshopStatus.Draft,
            Facilitators = [command.Facilitator], CreatedAt = Now, SegmentQuestions = command.SegmentQuestions ?? [], Language = command.Language,
            Translations = FrameworkTranslations.Statuses(framework, pinned),
        };
        await Apply(new AgendaChange(created, [new TimelineEvent(Now, "created", Detail: command.Facilitator)]));
        await GrainFactory.GetGrain<IWorkshopRegistryGrain>(0).Register(new WorkshopListing(created.Id, created.Title, created.FrameworkId, created.CreatedAt, created.Facilitators));
        return State;
    }

    public Task<WorkshopState?> GetState() => Task.FromResult(State.Exists ? State : null);

    public Task<ImmutableList<string>> GetFacilitators() => Task.FromResult(State.Facilitators);

    public Task<ImmutableList<Guid>> GetParticipantIds() => Task.FromResult(roster.Select(p => p.Id).ToImmutableList());

    public async Task<WorkshopRecord?> GetRecord()
    {
        if (!State.Exists) return null;
        var boards = await Task.WhenAll(State.Activities.Where(IsBoard).Select(a => Board(a.Id).Get()));
        return new WorkshopRecord(State, roster, await journal.Timeline(State.Id), boards.ToImmutableDictionary(b => b.ActivityId, b => b.Board));
    }

    public async Task AddActivity(ActivityDefinition definition)
    {
        AgendaRules.RequireNotEnded(State);
        var version = await PinnedVersion();
        var items = definition.Items.Select(id => version.Find(id) is { } item
                ? new ActivityItem(item.Id, item.Code, item.Labels)
                : throw new WorkshopRuleException(WorkshopError.ItemNotInActivity, $"Item {id} is not in version {version.Number} of the framework."))
            .ToImmutableList();
        var change = AgendaRules.AddActivity(State, definition, items, Now);
        if (definition.Kind == ActivityKind.Board) await Board(definition.Id).Start(new BoardSetup(Reference, definition));
        await Apply(change);
    }

    public Task RemoveActivity(Guid activityId) => Apply(AgendaRules.RemoveActivity(State, activityId, Now));

    public Task Start() => Apply(AgendaRules.Start(State, Now));

    public Task OpenActivity(Guid activityId) => Open(activityId, () => AgendaRules.Open(State, activityId, Now));

    public Task OpenNextRound(Guid activityId, bool onlyWithoutConsensus) => Open(activityId, () => AgendaRules.OpenNextRound(State, activityId, onlyWithoutConsensus, Now));

    /// <summary>Closes another open activity first, then opens this one as <paramref name="open"/> says, with its closing reminder.</summary>
    private async Task Open(Guid activityId, Func<AgendaChange> open)
    {
        AgendaRules.Require(State, activityId);
        if (State.Current is { Status: ActivityStatus.Open } other && other.Id != activityId) await CloseActivity(other.Id);
        await Apply(open());
        if (State.Activity(activityId)!.Definition.ClosesAt is not null) await ScheduleClose();
    }

    public async Task SetClosesAt(Guid activityId, DateTimeOffset? closesAt)
    {
        await Apply(AgendaRules.SetClosesAt(State, activityId, closesAt, Now));
        if (await Follow(activityId)) await ScheduleClose();
    }

    public async Task CloseActivity(Guid activityId)
    {
        var activity = AgendaRules.Require(State, activityId);
        if (activity.Status != ActivityStatus.Open) return;
        if (IsBoard(activity))
        {
            await CloseBoard(activity);
            return;
        }
        // From here GetOpenActivity says closed; then every participant hands in its final answer, so the tally is exact.
        var beforeClose = State;
        workshop.State = AgendaRules.Closing(State, activity);
        (ParticipantEntry Participant, HandedIn HandedIn)[] finals;
        try { finals = await Task.WhenAll(roster.Select(async p => (p, await Participant(p.Id).Close(activityId, activity.Round)))); }
        catch
        {
            // The round stays open, so the facilitator can close it again; participants that did hand in stay closed and refuse.
            workshop.State = beforeClose;
            throw;
        }
        await Apply(AgendaRules.Closed(State, activityId, [.. finals.Select(f => f.HandedIn)], Now));
        var answered = finals.Where(f => f.HandedIn.Current is not null).Select(f => (f.Participant, f.HandedIn.Current!)).ToList();
        await GrainFactory.GetGrain<IItemEvidenceGrain>(State.FrameworkId).Record(EvidenceBuilder.For(State, State.Activity(activityId)!, answered, Now));
        if (activity.Definition.ClosesAt is not null) await ScheduleClose();
    }

    /// <summary>A board's outcome: its votes go to the linked items as evidence and to the proposals made from its notes.</summary>
    private async Task CloseBoard(ActivityState activity)
    {
        var board = (await Board(activity.Id).Get()).Board;
        var results = BoardResults.From(board);
        await Apply(AgendaRules.Closed(State, activity.Id, TallyCounts.Empty, new ActivityResults(ActivityKind.Board, null, null, null, results),
            $"notes={board.Notes.Count}, voters={results.Voters}", Now));
        await GrainFactory.GetGrain<IItemEvidenceGrain>(State.FrameworkId).Record(EvidenceBuilder.ForBoard(State, State.Activity(activity.Id)!, board, results, Now));
        await GrainFactory.GetGrain<IProposalsGrain>(State.FrameworkId).RecordVotes(BoardOutcome.VotesByNote(board, results));
    }

    public Task Reveal(Guid activityId, bool revealed) => Apply(AgendaRules.Reveal(State, activityId, revealed, Now));

    public async Task Lock(Guid activityId, bool locked)
    {
        await Apply(AgendaRules.Lock(State, activityId, locked, Now));
        await Follow(activityId);
    }

    /// <summary>Participants keep the open round at hand: once this returns, none accepts (or refuses) on its old setting. False when it is not open.</summary>
    private async Task<bool> Follow(Guid activityId)
    {
        if (State.Current is not { Status: ActivityStatus.Open } open || open.Id != activityId) return false;
        await Task.WhenAll(roster.Select(p => Participant(p.Id).Follow(new OpenActivity(AgendaRules.Asked(open), open.Round, open.Locked))));
        return true;
    }

    private Task ScheduleClose() => RoundClosing.Schedule(this, State, Now, reminders.Value.MinimumReminderPeriod);

    public Task SetTimer(Guid activityId, TimeSpan? duration) => Apply(AgendaRules.SetTimer(State, activityId, duration, Now));

    public async Task End()
    {
        if (State.Status == WorkshopStatus.Ended) return;
        if (State.Current is { Status: ActivityStatus.Open } open) await CloseActivity(open.Id);
        await Apply(AgendaRules.End(State, Now));
        await GrainFactory.GetGrain<IJoinCodeGrain>(State.Code).Release(State.Id);
        await retention.Schedule(this, State);
    }

    public async Task AddFacilitator(string by, string facilitator)
    {
        await Apply(AgendaRules.AddFacilitator(State, by, facilitator, Now));
        await GrainFactory.GetGrain<IWorkshopRegistryGrain>(0).Register(new WorkshopListing(State.Id, State.Title, State.FrameworkId, State.CreatedAt, State.Facilitators));
    }

    public async Task ErasePersonalData(string by)
    {
        var change = AgendaRules.ErasePersonalData(State, by, Now);
        await Save(change.Workshop);
        await journal.ErasePersonalData(State.Id, change.Events[0]);
        roster = await journal.Roster(State.Id);
        await retention.Cancel(this);
    }

    public Task ScheduleRetention() => retention.Schedule(this, State);

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        PersonalDataRetention.ReminderName => retention.OnReminder(this, State, ErasePersonalData),
        RoundClosing.ReminderName => RoundClosing.OnReminder(this, State, Now, reminders.Value.MinimumReminderPeriod, CloseActivity),
        _ => Task.CompletedTask,
    };

    public async Task<ImmutableList<JoinResult>> JoinMany(ImmutableList<JoinRequest> requests)
    {
        AgendaRules.RequireNotEnded(State);
        var (results, joining) = WorkshopRules.Admit(State, roster.Count, requests, Now);
        if (joining.Count == 0) return results;
        var joined = joining.Select(j => j.Entry).ToList();
        var open = await GetOpenActivity();
        // All the writes in flight at once land in one group commit; the tokens are handed out only when all are stored.
        await Task.WhenAll(joining.Select(j => Participant(j.Entry.Id).Initialize(State.Id, j.TokenHash, j.Entry.Pseudonym, open))
            .Append(journal.Append(State.Id, joined, [.. joined.Select(p => new TimelineEvent(p.JoinedAt, "joined", p.Pseudonym))])));
        roster = roster.AddRange(joined);
        await Room.Connected([.. joined.Select(p => p.Id)], true);
        return results;
    }

    public Task<bool> IsDisplayKey(string key) => Task.FromResult(State.Exists && ParticipantTokens.SameSecret(key, State.DisplayKey));

    public Task<OpenActivity?> GetOpenActivity() =>
        Task.FromResult(State.Status != WorkshopStatus.Ended && State.Current is { Status: ActivityStatus.Open } current
            ? new OpenActivity(AgendaRules.Asked(current), current.Round, current.Locked) : null);

    public async Task<Guid> Propose(string facilitator, ProposalDraft draft)
    {
        AgendaRules.RequireNotEnded(State);
        var fromBoard = draft.ActivityId is { } boardId && State.Activity(boardId) is { } activity && IsBoard(activity) ? activity : null;
        var votes = ProposalIntake.NoteVotes(draft, fromBoard, fromBoard is null ? null : (await Board(fromBoard.Id).Get()).Board);
        var proposalId = await ProposalIntake.Submit(GrainFactory, Reference, draft, facilitator, votes, Now);
        await journal.Append(State.Id, [], [new TimelineEvent(Now, "proposed", null, draft.ActivityId, Detail: $"{draft.Kind} on {draft.Item:N}")]);
        return proposalId;
    }

    /// <summary>Stores a change, writes its events, then tells the room and the boards; nothing when nothing changed.</summary>
    private async Task Apply(AgendaChange change)
    {
        if (!change.Changed) return;
        await Save(change.Workshop);
        await journal.Append(State.Id, [], change.Events);
        await Room.AgendaChanged(State);
        await Task.WhenAll(State.Activities.Where(IsBoard).Select(a => Board(a.Id).SetPhase(BoardPhase.Of(State, a))));
    }

    private async Task Save(WorkshopState next)
    {
        var previous = workshop.State;
        // Versions grow with every change, and across restarts: at least the current time in milliseconds.
        workshop.State = next with { Version = Math.Max(previous.Version + 1, Now.ToUnixTimeMilliseconds()) };
        try { await workshop.WriteStateAsync(); }
        catch { workshop.State = previous; throw; }
    }

    private WorkshopReference Reference => new(State.Id, State.Title, State.FrameworkId, State.FrameworkVersion);

    private static bool IsBoard(ActivityState activity) => activity.Definition.Kind == ActivityKind.Board;
    private IBoardGrain Board(Guid activityId) => GrainFactory.GetGrain<IBoardGrain>(activityId);
    private IParticipantGrain Participant(Guid id) => GrainFactory.GetGrain<IParticipantGrain>(id);

    private async Task<FrameworkVersion> PinnedVersion() =>
        (await GrainFactory.GetGrain<IFrameworkGrain>(State.FrameworkId).Get())!.Version(State.FrameworkVersion)!;
}
