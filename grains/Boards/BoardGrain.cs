using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Grains.Workshops.Journal;

namespace Workshop.Grains.Boards;

[GenerateSerializer]
public sealed record BoardGrainState
{
    /// <summary>Ample for a phone's resends: it resends only its unacknowledged calls.</summary>
    public const int RecentCallCount = 256;

    [Id(0)] public BoardSetup? Setup { get; init; }
    [Id(1)] public BoardState Board { get; init; } = BoardState.Empty;
    [Id(2)] public ImmutableList<ActivityItem> Items { get; init; } = [];
    [Id(3)] public BoardPhase Phase { get; init; } = new(false, false, false, false);
    /// <summary>The last participants' calls by client id (the participant's, so that one cannot claim another's) with what they returned.</summary>
    [Id(4)] public ImmutableList<(Guid Participant, string ClientId, Guid Result)> RecentCalls { get; init; } = [];
    [Id(5)] public long Version { get; init; }

    public Guid? Answered(Guid participant, string clientId) =>
        RecentCalls.Find(c => c.Participant == participant && c.ClientId == clientId) is { ClientId: not null } call ? call.Result : null;

    public BoardGrainState Remember(Guid participant, string clientId, Guid result) =>
        this with { RecentCalls = RecentCalls.Add((participant, clientId, result)).TakeLast(RecentCallCount).ToImmutableList() };
}

public sealed class BoardGrain(
    [PersistentState("board")] IPersistentState<BoardGrainState> board,
    IWorkshopJournal journal,
    TimeProvider clock) : Grain, IBoardGrain
{
    private BoardGrainState State => board.State;
    private BoardState Board => State.Board;
    private ActivityDefinition Definition => State.Setup!.Definition;
    private Guid ActivityId => this.GetPrimaryKey();

    public async Task Start(BoardSetup setup)
    {
        if (State.Setup is not null) return;
        await Save(State with { Setup = setup with { Content = null }, Board = setup.Content ?? BoardState.Empty });
    }

    public async Task SetPhase(BoardPhase phase)
    {
        if (State.Phase == phase) return;
        await Save(State with { Phase = phase });
    }

    public Task<BoardContent> Get() => Task.FromResult(new BoardContent(ActivityId, Board, State.Items, State.Version));

    public async Task<Guid> PostNote(BoardParticipant by, string clientId, string prompt, string text)
    {
        if (State.Answered(by.Id, clientId) is { } noteId) return noteId;
        RequireOpenTo(by);
        noteId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        await Change(BoardRules.Post(Board, Definition, noteId, by.Id, prompt, text, now), Event("note-posted", by.Pseudonym, prompt),
            s => s.Remember(by.Id, clientId, noteId));
        return noteId;
    }

    public Task EditNote(BoardParticipant by, Guid noteId, string text)
    {
        RequireOpenTo(by);
        return Change(BoardRules.Edit(Board, by.Id, noteId, text, NotesVisible), Event("note-edited", by.Pseudonym));
    }

    public Task DeleteNote(BoardParticipant by, Guid noteId)
    {
        RequireOpenTo(by);
        return Change(BoardRules.Delete(Board, by.Id, noteId, NotesVisible), Event("note-deleted", by.Pseudonym));
    }

    public async Task Vote(BoardParticipant by, string clientId, ImmutableDictionary<Guid, int> votes)
    {
        if (State.Answered(by.Id, clientId) is not null) return;
        RequireOpenTo(by);
        await Change(BoardRules.Vote(Board, Definition, by.Id, votes), Event("board-vote", by.Pseudonym), s => s.Remember(by.Id, clientId, Guid.Empty));
    }

    public async Task<Guid> Propose(BoardParticipant by, string clientId, ProposalDraft draft)
    {
        if (State.Answered(by.Id, clientId) is { } proposalId) return proposalId;
        if (State.Setup is null || by.WorkshopId != State.Setup.Workshop.Id || !State.Phase.Open || State.Phase.Ended || draft.ActivityId != ActivityId)
            throw new WorkshopRuleException(WorkshopError.BoardNotOpen, "Proposals are made on the board while the facilitator has it open.");
        if (State.Phase.Locked) throw new WorkshopRuleException(WorkshopError.ActivityLocked, "The board is locked for a moment.");
        if (draft.NoteId is { } noteId && Board.Note(noteId) is null)
            throw new WorkshopRuleException(WorkshopError.UnknownNote, "The note this proposal comes from is not on the board.");
        var now = clock.GetUtcNow();
        var counted = BoardRules.Propose(Board, by.Id, now);
        proposalId = await ProposalIntake.Submit(GrainFactory, State.Setup.Workshop, draft, by.Pseudonym, 0, now);
        await Change(counted, Event("proposed", by.Pseudonym, $"{draft.Kind} on {draft.Item:N}"), s => s.Remember(by.Id, clientId, proposalId));
        return proposalId;
    }

    public Task<MyBoard> Mine(Guid participantId) => Task.FromResult(new MyBoard(
        Board.Notes.Where(n => n.Author == participantId).ToImmutableList(), Board.Votes.GetValueOrDefault(participantId) ?? ImmutableDictionary<Guid, int>.Empty));

    public async Task<Guid> PostAsFacilitator(string facilitator, string prompt, string text)
    {
        RequireNotEnded();
        var noteId = Guid.NewGuid();
        await Change(BoardRules.Post(Board, Definition, noteId, Guid.Empty, prompt, text, clock.GetUtcNow()), Event("note-posted", null, $"{prompt}; by {facilitator}"));
        return noteId;
    }

    public Task Moderate(string facilitator, Guid noteId, bool? hidden, string? text)
    {
        var kind = hidden switch { true => "note-hidden", false => "note-restored", null => "note-edited" };
        return Organise(BoardRules.Moderate(Board, noteId, hidden, text), kind, $"note {noteId:N} by {facilitator}");
    }

    public async Task<Guid> CreateCluster(string facilitator, string name)
    {
        var clusterId = Guid.NewGuid();
        await Organise(BoardRules.CreateCluster(Board, clusterId, name), "cluster-created", $"{name} by {facilitator}");
        return clusterId;
    }

    public Task RenameCluster(string facilitator, Guid clusterId, string name) =>
        Organise(BoardRules.RenameCluster(Board, clusterId, name), "cluster-renamed", $"{name} by {facilitator}");

    public Task MergeClusters(string facilitator, Guid into, Guid from) =>
        Organise(BoardRules.Merge(Board, into, from), "clusters-merged", $"{from:N} into {into:N} by {facilitator}");

    public Task AssignNote(string facilitator, Guid noteId, Guid? clusterId) =>
        Organise(BoardRules.Assign(Board, noteId, clusterId), "note-clustered", $"note {noteId:N} to {clusterId:N} by {facilitator}");

    public async Task LinkToItem(string facilitator, Guid targetId, Guid? itemId)
    {
        RequireNotEnded();
        var item = itemId is { } id
            ? (await GrainFactory.GetGrain<IFrameworkGrain>(State.Setup!.Workshop.FrameworkId).Get())!.Version(State.Setup.Workshop.FrameworkVersion)!.Find(id)
                ?? throw new WorkshopRuleException(WorkshopError.ItemNotInActivity, "This item is not in the workshop's framework version.")
            : null;
        var items = item is null || State.Items.Any(i => i.Id == item.Id) ? State.Items : State.Items.Add(new ActivityItem(item.Id, item.Code, item.Labels));
        await Change(BoardRules.Link(Board, targetId, itemId), Event("linked", null, $"{targetId:N} to {itemId:N} by {facilitator}"), s => s with { Items = items });
    }

    public Task OpenVoting(string facilitator, BoardVoting on) =>
        Organise(BoardRules.OpenVoting(Board, on), "board-voting", $"{on} by {facilitator}");

    private bool NotesVisible => Definition.NotesVisibleAtOnce || State.Phase.Revealed;

    /// <summary>A participant acts only on an open, unlocked board of their own workshop.</summary>
    private void RequireOpenTo(BoardParticipant by)
    {
        if (State.Setup is null || by.WorkshopId != State.Setup.Workshop.Id)
            throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This activity is not a board of your workshop.");
        if (State.Phase.Ended) throw new WorkshopRuleException(WorkshopError.WorkshopEnded, "This workshop has ended.");
        if (!State.Phase.Open) throw new WorkshopRuleException(WorkshopError.ActivityClosed, "This board is not open.");
        if (State.Phase.Locked) throw new WorkshopRuleException(WorkshopError.ActivityLocked, "The board is locked for a moment.");
    }

    private void RequireNotEnded()
    {
        if (State.Setup is null) throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This activity is not a board.");
        if (State.Phase.Ended) throw new WorkshopRuleException(WorkshopError.WorkshopEnded, "This workshop has ended.");
    }

    private Task Organise(BoardState next, string kind, string detail)
    {
        RequireNotEnded();
        return Change(next, Event(kind, null, detail));
    }

    private TimelineEvent Event(string kind, string? participant, string? detail = null) =>
        new(clock.GetUtcNow(), kind, participant, ActivityId, Detail: detail);

    /// <summary>Stores the board, then its timeline event, then shows it to the room.</summary>
    private async Task Change(BoardState next, TimelineEvent happened, Func<BoardGrainState, BoardGrainState>? also = null)
    {
        var changed = State with { Board = next };
        await Save(also is null ? changed : also(changed));
        await journal.Append(State.Setup!.Workshop.Id, [], [happened]);
    }

    private async Task Save(BoardGrainState next)
    {
        var previous = board.State;
        board.State = next with { Version = Math.Max(next.Version + 1, clock.GetUtcNow().ToUnixTimeMilliseconds()) };
        try { await board.WriteStateAsync(); }
        catch { board.State = previous; throw; }
        if (State.Setup is { } setup) await GrainFactory.GetGrain<IRoomGrain>(setup.Workshop.Id).BoardChanged(new BoardContent(ActivityId, Board, State.Items, State.Version));
    }
}
