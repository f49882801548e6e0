using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Proposals;

namespace Workshop.Grains.Workshops;

/// <summary>One workshop session: agenda, lifecycle, participants, tallies and timeline.</summary>
public interface IWorkshopGrain : IGrainWithGuidKey
{
    Task<WorkshopSnapshot> Create(CreateWorkshop command);
    Task<WorkshopState?> GetState();
    /// <summary>Who may run the workshop (empty when it does not exist): the access check without copying the whole state.</summary>
    [AlwaysInterleave] Task<ImmutableList<string>> GetFacilitators();
    [AlwaysInterleave] Task<WorkshopSnapshot> GetSnapshot();

    /// <summary>Adds an activity on items of the pinned framework version.</summary>
    Task AddActivity(ActivityDefinition definition);
    Task RemoveActivity(Guid activityId);
    Task Start();
    /// <summary>Opens an activity; opening a closed one starts its next round.</summary>
    Task OpenActivity(Guid activityId);
    /// <summary>Closes exactly: every answer acknowledged before counts, none is acknowledged after.</summary>
    Task CloseActivity(Guid activityId);
    Task Reveal(Guid activityId, bool revealed);
    Task Lock(Guid activityId, bool locked);
    Task SetTimer(Guid activityId, TimeSpan? duration);
    Task End();
    /// <summary>Adds a co-facilitator (a signed-in user's name) who may run the workshop too.</summary>
    Task AddFacilitator(string by, string facilitator);
    /// <summary>Erases names and segment answers once the workshop has ended; answers, results and evidence stay.</summary>
    Task ErasePersonalData(string by);
    /// <summary>Registers the reminder that erases the personal data once the retention has passed (see <see cref="Retention.PersonalDataRetention"/>).</summary>
    Task ScheduleRetention();

    Task<Joined> Join(JoinRequest request);
    /// <summary>Joins that arrived together, stored in one write: each is accepted or refused on its own (a refused one adds nobody).</summary>
    Task<ImmutableList<JoinResult>> JoinMany(ImmutableList<JoinRequest> requests);
    /// <summary>The participant leaves the workshop (recorded in the timeline).</summary>
    Task Leave(Guid participantId);
    /// <summary>A participant's phone connected or lost its connection: the live participant count.</summary>
    Task Connected(Guid participantId, bool connected);
    [AlwaysInterleave] Task<bool> IsDisplayKey(string key);

    /// <summary>The open activity a participant grain may accept answers for (unless it is locked), or null.</summary>
    [AlwaysInterleave] Task<OpenActivity?> GetOpenActivity();

    /// <summary>Live tally changes, batched by the per-silo aggregator.</summary>
    Task ApplyDeltas(ImmutableList<TallyBatch> batches);

    Task Subscribe(IWorkshopObserver observer);
    Task Unsubscribe(IWorkshopObserver observer);

    // Boards (activities of kind Board): participants post and vote while the board is open and not locked;
    // the facilitator (named, for the timeline) moderates and clusters at any time until the workshop ends.
    Task<Guid> PostNote(Guid activityId, Guid? participantId, string? facilitator, string prompt, string text);
    Task EditNote(Guid activityId, Guid participantId, Guid noteId, string text);
    Task DeleteNote(Guid activityId, Guid participantId, Guid noteId);
    Task<ImmutableList<BoardNote>> MyNotes(Guid activityId, Guid participantId);
    Task ModerateNote(Guid activityId, string facilitator, Guid noteId, bool? hidden, string? text);
    Task<Guid> CreateCluster(Guid activityId, string facilitator, string name);
    Task RenameCluster(Guid activityId, string facilitator, Guid clusterId, string name);
    Task MergeClusters(Guid activityId, string facilitator, Guid into, Guid from);
    Task AssignNote(Guid activityId, string facilitator, Guid noteId, Guid? clusterId);
    Task LinkToItem(Guid activityId, string facilitator, Guid targetId, Guid? itemId);
    Task OpenBoardVoting(Guid activityId, string facilitator, BoardVoting on);
    Task VoteOnBoard(Guid activityId, Guid participantId, ImmutableDictionary<Guid, int> votes);

    /// <summary>A participant or the facilitator proposes a change to the model; it waits for the model owner with its provenance.</summary>
    Task<Guid> Propose(Guid? participantId, string? facilitator, ProposalDraft draft);
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
    Task Initialize(Guid workshopId, string tokenHash, string pseudonym);
    [AlwaysInterleave] Task<Guid?> Authenticate(string token);
    Task<AnswerAck> Submit(Answer answer);
    /// <summary>Stops accepting answers for the activity and returns the final answer of the round.</summary>
    Task<Answer?> Close(Guid activityId, int round);
    /// <summary>Pauses or resumes answering for the open round (the workshop tells every participant).</summary>
    Task SetLocked(Guid activityId, int round, bool locked);
    /// <summary>
    /// The current answer per activity and round. Interleaves: the workshop reads the answers to recount a live tally while
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

/// <summary>Collects tally deltas on each silo and forwards them to the workshops in batches.</summary>
public interface ITallyAggregatorGrain : IGrainWithIntegerKey
{
    [OneWay] Task Add(Guid workshopId, TallyBatch batch);
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

[GenerateSerializer, Immutable]
public sealed record OpenActivity(
    [property: Id(0)] ActivityDefinition Definition,
    [property: Id(1)] int Round,
    [property: Id(2)] bool Locked = false);

[GenerateSerializer, Immutable]
public sealed record TallyBatch(
    [property: Id(0)] Guid ActivityId,
    [property: Id(1)] int Round,
    [property: Id(2)] ImmutableDictionary<TallyKey, int> Delta);

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
