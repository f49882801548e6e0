using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Proposals;

namespace Workshop.Grains.Workshops;

/// <summary>A workshop's agenda, lifecycle and roster: what the facilitators decide (<see cref="AgendaRules"/>) and who joined.</summary>
public interface IWorkshopGrain : IGrainWithGuidKey
{
    Task<WorkshopState> Create(CreateWorkshop command);
    [AlwaysInterleave] Task<WorkshopState?> GetState();
    /// <summary>Who may run the workshop (empty when it does not exist): the access check without copying the whole state.</summary>
    [AlwaysInterleave] Task<ImmutableList<string>> GetFacilitators();
    /// <summary>Everything recorded (agenda, roster, timeline, boards), for exports and reports; null when it does not exist.</summary>
    Task<WorkshopRecord?> GetRecord();
    [AlwaysInterleave] Task<ImmutableList<Guid>> GetParticipantIds();

    /// <summary>Adds an activity on items of the pinned framework version.</summary>
    Task AddActivity(ActivityDefinition definition);
    Task RemoveActivity(Guid activityId);
    /// <summary>Lets participants join (a workshop is created as a draft nobody can join yet).</summary>
    Task Start();
    /// <summary>Opens an activity; opening a closed one starts its next round.</summary>
    Task OpenActivity(Guid activityId);
    /// <summary>Closes exactly: every answer acknowledged before counts, none is acknowledged after.</summary>
    Task CloseActivity(Guid activityId);
    Task Reveal(Guid activityId, bool revealed);
    Task Lock(Guid activityId, bool locked);
    Task SetTimer(Guid activityId, TimeSpan? duration);
    /// <summary>Opens the next round of a closed rating or ranking; with <paramref name="onlyWithoutConsensus"/>, only on the items its last Delphi round left without consensus.</summary>
    Task OpenNextRound(Guid activityId, bool onlyWithoutConsensus);
    /// <summary>Sets (in the future) or clears the time at which the activity's open round closes by itself, through a reminder.</summary>
    Task SetClosesAt(Guid activityId, DateTimeOffset? closesAt);
    Task End();
    /// <summary>Adds a co-facilitator (a signed-in user's name) who may run the workshop too.</summary>
    Task AddFacilitator(string by, string facilitator);
    /// <summary>Erases names and segment answers once the workshop has ended; answers, results and evidence stay.</summary>
    Task ErasePersonalData(string by);
    /// <summary>Registers the reminder that erases the personal data once the retention has passed (see <see cref="Retention.PersonalDataRetention"/>).</summary>
    Task ScheduleRetention();

    /// <summary>Joins that arrived together, stored in one write: each is accepted or refused on its own (a refused one adds nobody).</summary>
    Task<ImmutableList<JoinResult>> JoinMany(ImmutableList<JoinRequest> requests);
    [AlwaysInterleave] Task<bool> IsDisplayKey(string key);
    /// <summary>The open activity a participant grain may accept answers for (unless it is locked), or null.</summary>
    [AlwaysInterleave] Task<OpenActivity?> GetOpenActivity();

    /// <summary>A facilitator proposes a change to the model (participants propose on a board, <see cref="IBoardGrain.Propose"/>).</summary>
    Task<Guid> Propose(string facilitator, ProposalDraft draft);
}

/// <summary>
/// What the room sees of a workshop, live: the agenda as the workshop last told it, the open round's live tally, the
/// current board, who is connected; coalesced into snapshots for the web nodes' observers (GPSTracker's pattern).
/// </summary>
public interface IRoomGrain : IGrainWithGuidKey
{
    /// <summary>By the workshop grain after every change of its agenda.</summary>
    Task AgendaChanged(WorkshopState workshop);
    /// <summary>By a board grain after every change.</summary>
    Task BoardChanged(BoardContent board);
    /// <summary>By the silos' <see cref="ContributionForwarder"/>: participants' current answers, each with its version (idempotent).</summary>
    Task Contribute(ImmutableList<TallyContribution> contributions);
    /// <summary>Phones that connected or lost their connection: the live participant count.</summary>
    Task Connected(ImmutableList<Guid> participantIds, bool connected);
    [AlwaysInterleave] Task<WorkshopSnapshot> GetSnapshot();
    /// <summary>The snapshot as phones may see it (<see cref="WorkshopSnapshot.ForParticipants"/>).</summary>
    [AlwaysInterleave] Task<WorkshopSnapshot> GetParticipantSnapshot();
    /// <summary>Subscribes for snapshots and a heartbeat every second; renew within <see cref="RoomGrain.ObserverExpiry"/>.</summary>
    Task Subscribe(IWorkshopObserver observer);
    Task Unsubscribe(IWorkshopObserver observer);
}

/// <summary>A proposal as a participant or facilitator writes it; the workshop adds the provenance.</summary>
[GenerateSerializer, Immutable]
public sealed record ProposalDraft(
    [property: Id(0)] ProposalKind Kind,
    [property: Id(1)] Guid Item,
    [property: Id(2)] Guid? OtherItem,
    [property: Id(3)] ImmutableDictionary<string, string> Labels,
    [property: Id(4)] string? Rationale,
    [property: Id(5)] Guid? ActivityId = null,
    [property: Id(6)] Guid? NoteId = null);

/// <summary>One participant: checks its token, validates and persists its own answers before acknowledging them.</summary>
public interface IParticipantGrain : IGrainWithGuidKey
{
    /// <summary>Creates the participant; <paramref name="open"/> is the workshop's open round, so that its first answer needs no call to the workshop.</summary>
    Task Initialize(Guid workshopId, string tokenHash, string pseudonym, OpenActivity? open);
    [AlwaysInterleave] Task<ParticipantIdentity?> Authenticate(string token);
    /// <summary>Stores a new answer, or acknowledges a resent one as a duplicate; either way its tally contribution goes to the room.</summary>
    Task<AnswerAck> Submit(Answer answer);
    /// <summary>Stops accepting answers for the activity and hands in the final answer of the round, with the one of the round before.</summary>
    Task<HandedIn> Close(Guid activityId, int round);
    /// <summary>The open round as the workshop changed it (paused or resumed, a new closing time): the workshop tells every participant.</summary>
    Task Follow(OpenActivity open);
    /// <summary>
    /// The current answer per activity and round. Interleaves: the room reads the answers to recount a live tally while
    /// this participant may be waiting on it.
    /// </summary>
    [AlwaysInterleave] Task<ImmutableList<AnswerRecord>> GetAnswers();
}

/// <summary>Maps a live workshop's join code to the workshop; one grain per code.</summary>
public interface IJoinCodeGrain : IGrainWithStringKey
{
    Task<bool> Reserve(Guid workshopId);
    Task Release(Guid workshopId);
    Task<Guid?> Resolve();
}

/// <summary>All workshops, for the facilitators' list.</summary>
public interface IWorkshopRegistryGrain : IGrainWithIntegerKey
{
    Task Register(WorkshopListing listing);
    Task<ImmutableList<WorkshopListing>> List();
}

[GenerateSerializer, Immutable]
public sealed record WorkshopListing(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string FrameworkId,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] ImmutableList<string> Facilitators);

/// <summary>The open round as participants answer it: <see cref="Definition"/> lists only the round's items (see <see cref="AgendaRules.Asked"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record OpenActivity(
    [property: Id(0)] ActivityDefinition Definition,
    [property: Id(1)] int Round,
    [property: Id(2)] bool Locked = false)
{
    /// <summary>Whether the round's closing time has come by <paramref name="now"/>: answers are refused from then on, even before its reminder closes it.</summary>
    public bool ClosedAt(DateTimeOffset now) => Definition.ClosesAt <= now;
}

/// <summary>A participant's final answer to a round (null: none) and its answer to the round before (for the round's stability).</summary>
[GenerateSerializer, Immutable]
public sealed record HandedIn(
    [property: Id(0)] Answer? Current,
    [property: Id(1)] Answer? Previous);

/// <summary>The answer to the phone: accepted (stored) or refused with a reason; <see cref="Duplicate"/> when resent.</summary>
[GenerateSerializer, Immutable]
public sealed record AnswerAck(
    [property: Id(0)] string ClientId,
    [property: Id(1)] bool Accepted,
    [property: Id(2)] bool Duplicate,
    [property: Id(3)] WorkshopError? Error,
    [property: Id(4)] string? Message);

/// <summary>
/// A participant's current answer to an activity's round, the participant's part of the research record: when it arrived
/// (the last change) and <paramref name="Count"/>, how many answers the participant gave to that round, this one the last.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AnswerRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Answer Answer,
    [property: Id(2)] int Count = 1);
