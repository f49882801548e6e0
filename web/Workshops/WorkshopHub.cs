using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Workshop.Grains.Boards;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Workshops;

/// <summary>
/// The participants' connection (docs/participant-protocol.md). Every call answers with a
/// <see cref="HubReply{T}"/>: a value, or an error with a code and a sentence for the person holding the phone.
/// </summary>
public sealed class WorkshopHub(IGrainFactory grains, WorkshopFeed feed, JoinAttempts joinAttempts, JoinCodeLookup joinCodes, JoinBatches joins, HubMessages messages, WorkshopMetrics metrics, ILogger<WorkshopHub> logger) : Hub
{
    public const string Path = "/hubs/workshop";
    private const string ParticipantKey = "participant";
    /// <summary>The participant's grain reference, made once per connection rather than once per answer.</summary>
    private const string ParticipantGrainKey = "participant-grain";
    private const string DisplayKey = "display";
    /// <summary>This connection's <see cref="WorkshopLease"/>s on the feed: as a phone, and as a display.</summary>
    private const string PhoneLeaseKey = "phone-lease";
    private const string DisplayLeaseKey = "display-lease";

    public static string Group(Guid workshopId) => $"workshop:{workshopId:N}";

    /// <summary>The displays (projector, wall screens) of a workshop: they get every snapshot, with results.</summary>
    public static string DisplayGroup(Guid workshopId) => $"display:{workshopId:N}";

    /// <summary>Joins wait as long as they take: a join has no client id, so a resend would add a second participant.</summary>
    public Task<HubReply<JoinReply>> Join(JsonElement json) => Reply(json, async (JoinMessage message) =>
    {
        joinAttempts.Check(Context.GetHttpContext()?.Connection.RemoteIpAddress);
        var code = JoinCodes.Normalize(message.Code)
            ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, "A join code has 6 letters and digits, such as K7M2QX.");
        var workshopId = await joinCodes.Resolve(code)
            ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, $"No live workshop has the code {code}.");
        var joined = await joins.Join(workshopId, new JoinRequest(message.Name, message.Language ?? "", message.Segments));
        metrics.Joined();
        // The join batch has told the room this phone is connected.
        var snapshot = await Attach(new ParticipantIdentity(workshopId, joined.ParticipantId, joined.Pseudonym), connected: true);
        return new JoinReply(joined.Token, snapshot);
    }, patient: true);

    /// <summary>Binds this connection to the token's participant again: the current snapshot (when newer) and the participant's own answers, notes and votes.</summary>
    public Task<HubReply<RejoinReply>> Rejoin(JsonElement json) => Reply(json, async (RejoinMessage message) =>
    {
        var participantId = ParticipantTokens.ParticipantId(message.Token)
            ?? throw new WorkshopRuleException(WorkshopError.InvalidToken, "This device's pass is not valid; join again with the code.");
        var participant = grains.GetGrain<IParticipantGrain>(participantId);
        var identity = await participant.Authenticate(message.Token!)
            ?? throw new WorkshopRuleException(WorkshopError.InvalidToken, "This device's pass is not valid; join again with the code.");
        var snapshot = await Attach(identity, connected: false);
        return new RejoinReply(snapshot.Version > message.LastVersion ? snapshot : null, await Mine(identity, participant));
    });

    public async Task<HubReply<AnswerAck>> Answer(JsonElement json)
    {
        var received = Stopwatch.GetTimestamp();
        // Not async: the grain's task is awaited once, in Reply (a plenary sends thousands of answers a second).
        var reply = await Reply(json, (AnswerMessage message) =>
        {
            var answer = new Answer(message.ActivityId, message.Round, message.ClientId ?? "", message.Dots, message.Ratings, message.Ranking, message.Reasons);
            var participant = Context.Items[ParticipantGrainKey] as IParticipantGrain
                ?? throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");
            return participant.Submit(answer);
        });
        if (reply.Value is { Accepted: true }) metrics.AnswerAcknowledged(Stopwatch.GetElapsedTime(received));
        else if (reply.Value?.Error is { } error) metrics.Refused(ErrorCode(error));
        return reply;
    }

    public Task<HubReply<Guid?>> PostNote(JsonElement json) => Reply(json, async (NoteMessage message) =>
        (Guid?)await Board(message.ActivityId).PostNote(Participant(), ClientId(message.ClientId), message.Prompt ?? "", message.Text ?? ""));

    public Task<HubReply<bool?>> EditNote(JsonElement json) => Reply(json, async (NoteMessage message) =>
    {
        await Board(message.ActivityId).EditNote(Participant(), message.NoteId ?? Guid.Empty, message.Text ?? "");
        return (bool?)true;
    });

    public Task<HubReply<bool?>> DeleteNote(JsonElement json) => Reply(json, async (NoteMessage message) =>
    {
        await Board(message.ActivityId).DeleteNote(Participant(), message.NoteId ?? Guid.Empty);
        return (bool?)true;
    });

    /// <summary>This participant's own notes on a board (also the private ones), e.g. after a reload.</summary>
    public Task<HubReply<ImmutableList<BoardNote>>> MyNotes(JsonElement json) => Reply(json, async (NoteMessage message) =>
        (await Board(message.ActivityId).Mine(Participant().Id)).Notes);

    public Task<HubReply<bool?>> VoteBoard(JsonElement json) => Reply(json, async (BoardVoteMessage message) =>
    {
        await Board(message.ActivityId).Vote(Participant(), ClientId(message.ClientId), message.Votes ?? ImmutableDictionary<Guid, int>.Empty);
        return (bool?)true;
    });

    public Task<HubReply<Guid?>> Propose(JsonElement json) => Reply(json, async (ProposeMessage message) =>
    {
        var draft = message.Draft();
        var board = draft.ActivityId is { } activityId ? Board(activityId)
            : throw new WorkshopRuleException(WorkshopError.BoardNotOpen, "Proposals are made on the board while the facilitator has it open.");
        return (Guid?)await board.Propose(Participant(), ClientId(message.ClientId), draft);
    });

    /// <summary>A display watches a workshop with its display key: the full snapshot now, then every coalesced snapshot as "display".</summary>
    public Task<HubReply<WorkshopSnapshot>> WatchDisplay(JsonElement json) => Reply(json, async (DisplayMessage message) =>
    {
        if (string.IsNullOrEmpty(message.Key) || !await grains.GetGrain<IWorkshopGrain>(message.WorkshopId).IsDisplayKey(message.Key))
            throw new WorkshopRuleException(WorkshopError.InvalidToken, "This display link is not valid; open the display again from the facilitator's console.");
        Context.Items[DisplayKey] = message.WorkshopId;
        await Groups.AddToGroupAsync(Context.ConnectionId, DisplayGroup(message.WorkshopId));
        await Watch(DisplayLeaseKey, message.WorkshopId);
        return await grains.GetGrain<IRoomGrain>(message.WorkshopId).GetSnapshot();
    });

    private BoardParticipant Participant() => Context.Items[ParticipantKey] is ParticipantIdentity identity
        ? new BoardParticipant(identity.WorkshopId, identity.ParticipantId, identity.Pseudonym)
        : throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");

    private IBoardGrain Board(Guid activityId) => grains.GetGrain<IBoardGrain>(activityId);

    /// <summary>A board call's client id: what makes a resend harmless, so it is required.</summary>
    private static string ClientId(string? clientId) => clientId is { Length: > 0 and <= AnswerRules.MaxClientIdLength }
        ? clientId : throw new WorkshopRuleException(WorkshopError.InvalidMessage, $"Send a client id of 1 to {AnswerRules.MaxClientIdLength} characters with the call.");

    /// <summary>The participant's current answers and, on each board of the agenda, their own notes and votes.</summary>
    private async Task<OwnContributions> Mine(ParticipantIdentity identity, IParticipantGrain participant)
    {
        var answers = (await participant.GetAnswers()).Select(r => r.Answer).ToImmutableList();
        var agenda = await grains.GetGrain<IWorkshopGrain>(identity.WorkshopId).GetState();
        var boards = await Task.WhenAll((agenda?.Activities ?? []).Where(a => a.Definition.Kind == Grains.Workshops.ActivityKind.Board)
            .Select(async a => (a.Id, Mine: await Board(a.Id).Mine(identity.ParticipantId))));
        return new OwnContributions(answers,
            boards.Where(b => !b.Mine.Votes.IsEmpty).ToImmutableDictionary(b => b.Id, b => b.Mine.Votes),
            [.. boards.SelectMany(b => b.Mine.Notes)]);
    }

    /// <summary>SignalR drops the connection from its groups by itself; the feed gets its leases back, the room the live count.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[PhoneLeaseKey] as WorkshopLease)?.Dispose();
        (Context.Items[DisplayLeaseKey] as WorkshopLease)?.Dispose();
        if (Context.Items[ParticipantKey] is ParticipantIdentity identity)
        {
            metrics.PhoneDisconnected();
            await grains.GetGrain<IRoomGrain>(identity.WorkshopId).Connected([identity.ParticipantId], false);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Binds this connection to a participant (leaving any workshop it was bound to) and starts the workshop's pushes to it.</summary>
    private async Task<WorkshopSnapshot> Attach(ParticipantIdentity identity, bool connected)
    {
        if (Context.Items[ParticipantKey] is ParticipantIdentity previous && previous.WorkshopId != identity.WorkshopId)
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(previous.WorkshopId));
        // A connection counts as one phone however often it joins or rejoins.
        if (Context.Items[ParticipantKey] is null) metrics.PhoneConnected();
        Context.Items[ParticipantKey] = identity;
        Context.Items[ParticipantGrainKey] = grains.GetGrain<IParticipantGrain>(identity.ParticipantId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(identity.WorkshopId));
        await Watch(PhoneLeaseKey, identity.WorkshopId);
        var room = grains.GetGrain<IRoomGrain>(identity.WorkshopId);
        // Taken before this phone counts as connected, so that a rejoin is behind only when the workshop moved on.
        var snapshot = await room.GetParticipantSnapshot();
        if (!connected) await room.Connected([identity.ParticipantId], true);
        return snapshot;
    }

    /// <summary>Holds this connection's lease on the workshop's pushes under <paramref name="key"/>, giving back one it held on another workshop.</summary>
    private async Task Watch(string key, Guid workshopId)
    {
        if (Context.Items[key] is WorkshopLease held)
        {
            if (held.WorkshopId == workshopId) return;
            held.Dispose();
        }
        Context.Items[key] = await feed.Watch(workshopId);
    }

    /// <summary>
    /// How long a phone's call may take before its outcome counts as unknown (<see cref="Retry"/>): a call stuck on a silo that
    /// just died would otherwise hold the phone's connection for Orleans' 30 s response timeout, and a resend is harmless.
    /// </summary>
    public static readonly TimeSpan CallPatience = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// Reads the call's message and makes the call: its value, or a refusal with a code and a sentence. A malformed message
    /// is refused as invalidMessage, a broken rule with its own error, and a call that failed or outlasted
    /// <see cref="CallPatience"/> (unless <paramref name="patient"/>) as <see cref="Retry"/>.
    /// </summary>
    private async Task<HubReply<T>> Reply<TMessage, T>(JsonElement json, Func<TMessage, Task<T>> call, bool patient = false) where TMessage : class
    {
        try
        {
            var answer = call(messages.Read<TMessage>(json));
            return HubReply<T>.Success(await (patient ? answer : answer.WaitAsync(CallPatience)));
        }
        catch (WorkshopRuleException e)
        {
            return Refuse<T>(ErrorCode(e.Error), e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A timeout or a lost silo says nothing of whether the call took effect: the phone resends it with the same client id.
            logger.LogWarning(e, "Hub call failed; its outcome is unknown");
            return Refuse<T>(Retry, "Not confirmed yet; your phone sends it again.");
        }
    }

    /// <summary>The code of a call whose outcome is unknown: resend it with the same client id (never "not stored").</summary>
    public const string Retry = "retry";

    private HubReply<T> Refuse<T>(string code, string message)
    {
        metrics.Refused(code);
        return HubReply<T>.Failure(code, message);
    }

    /// <summary>Error codes are camelCase, like every enum value on the hub (an ack's error included).</summary>
    private static string ErrorCode(WorkshopError error) => JsonNamingPolicy.CamelCase.ConvertName(error.ToString());
}

public sealed record HubReply<T>(bool Ok, T? Value, HubError? Error)
{
    public static HubReply<T> Success(T value) => new(true, value, null);
    public static HubReply<T> Failure(string code, string message) => new(false, default, new HubError(code, message));
}

public sealed record HubError(string Code, string Message);

// The messages of the hub's calls (read by HubMessages): a parameter without a default must be sent.

public sealed record JoinMessage(string Code, string? Name = null, string? Language = null, ImmutableDictionary<string, string>? Segments = null);

public sealed record JoinReply(string Token, WorkshopSnapshot Workshop);

public sealed record NoteMessage(Guid ActivityId, Guid? NoteId = null, string? Prompt = null, string? Text = null, string? ClientId = null);

public sealed record BoardVoteMessage(Guid ActivityId, ImmutableDictionary<Guid, int>? Votes = null, string? ClientId = null);

public sealed record RejoinMessage(string? Token = null, long LastVersion = 0);

/// <summary>The snapshot (null when not newer than the client's) and what this participant gave, to restore its selections.</summary>
public sealed record RejoinReply(WorkshopSnapshot? Workshop, OwnContributions Mine);

/// <summary>The participant's current answers (one per activity and round), its votes per board activity, and its own notes (also private ones).</summary>
public sealed record OwnContributions(ImmutableList<Answer> Answers, ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>> BoardVotes, ImmutableList<BoardNote> Notes);

public sealed record DisplayMessage(Guid WorkshopId, string? Key = null);

public sealed record AnswerMessage(
    Guid ActivityId,
    int Round,
    string? ClientId = null,
    ImmutableDictionary<Guid, int>? Dots = null,
    ImmutableDictionary<string, ImmutableDictionary<Guid, int>>? Ratings = null,
    ImmutableList<Guid>? Ranking = null,
    ImmutableDictionary<Guid, string>? Reasons = null);

public sealed record ProposeMessage(
    ProposalKind Kind,
    Guid Item,
    Guid? OtherItem = null,
    ImmutableDictionary<string, string>? Labels = null,
    string? Rationale = null,
    Guid? ActivityId = null,
    Guid? NoteId = null,
    string? ClientId = null)
{
    public ProposalDraft Draft() => new(Kind, Item, OtherItem, Labels ?? ImmutableDictionary<string, string>.Empty, Rationale, ActivityId, NoteId);
}
