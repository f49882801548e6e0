using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>One workshop session: agenda, lifecycle, participants, tallies and timeline.</summary>
public interface IWorkshopGrain : IGrainWithGuidKey
{
    Task<WorkshopSnapshot> Create(CreateWorkshop command);
    Task<WorkshopState?> GetState();
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

    Task<Joined> Join(JoinRequest request);
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
}

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
    /// <summary>Interleaves: the workshop reads the answers to recount a live tally while this participant may be waiting on it.</summary>
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

/// <summary>A stored answer with when it arrived: the participant's part of the research record.</summary>
[GenerateSerializer, Immutable]
public sealed record AnswerRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Answer Answer);
