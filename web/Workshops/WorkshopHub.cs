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
public sealed class WorkshopHub(IGrainFactory grains, WorkshopFeed feed, JoinAttempts joinAttempts, JoinBatches joins, HubMessages messages, WorkshopMetrics metrics, ILogger<WorkshopHub> logger) : Hub
{
    public const string Path = "/hubs/workshop";
    private const string ParticipantKey = "participant";
    /// <summary>The participant's grain reference, made once per connection rather than once per answer.</summary>
    private const string ParticipantGrainKey = "participant-grain";
    private const string WorkshopKey = "workshop";
    private const string DisplayKey = "display";
    /// <summary>This connection's <see cref="WorkshopLease"/>s on the feed: as a phone, and as a display.</summary>
    private const string PhoneLeaseKey = "phone-lease";
    private const string DisplayLeaseKey = "display-lease";

    public static string Group(Guid workshopId) => $"workshop:{workshopId:N}";

    /// <summary>The displays (projector, wall screens) of a workshop: they get every snapshot, with results.</summary>
    public static string DisplayGroup(Guid workshopId) => $"display:{workshopId:N}";

    public async Task<HubReply<JoinReply>> Join(JsonElement json) => await Reply(json, async (JoinMessage message) =>
    {
        joinAttempts.Check(Context.GetHttpContext()?.Connection.RemoteIpAddress);
        var code = JoinCodes.Normalize(message.Code)
            ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, "A join code has 6 letters and digits, such as K7M2QX.");
        var workshopId = await grains.GetGrain<IJoinCodeGrain>(code).Resolve()
            ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, $"No live workshop has the code {code}.");
        var joined = await joins.Join(workshopId, new JoinRequest(message.Name, message.Language ?? "", message.Segments));
        metrics.Joined();
        var snapshot = await Attach(workshopId, joined.ParticipantId);
        return new JoinReply(joined.Token, snapshot);
    });

    public async Task<HubReply<WorkshopSnapshot?>> Rejoin(JsonElement json) => await Reply(json, async (RejoinMessage message) =>
    {
        var participantId = ParticipantTokens.ParticipantId(message.Token)
            ?? throw new WorkshopRuleException(WorkshopError.InvalidToken, "This device's pass is not valid; join again with the code.");
        var workshopId = await grains.GetGrain<IParticipantGrain>(participantId).Authenticate(message.Token!)
            ?? throw new WorkshopRuleException(WorkshopError.InvalidToken, "This device's pass is not valid; join again with the code.");
        var snapshot = await Attach(workshopId, participantId);
        return snapshot.Version > message.LastVersion ? snapshot : null;
    });

    public async Task<HubReply<AnswerAck>> Answer(JsonElement json)
    {
        var received = Stopwatch.GetTimestamp();
        var reply = await Reply(json, async (AnswerMessage message) =>
        {
            var answer = new Answer(message.ActivityId, message.Round, message.ClientId ?? "", message.Dots, message.Ratings, message.Ranking);
            var participant = Context.Items[ParticipantGrainKey] as IParticipantGrain
                ?? throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");
            return await participant.Submit(answer);
        });
        if (reply.Value is { Accepted: true }) metrics.AnswerAcknowledged(Stopwatch.GetElapsedTime(received));
        else if (reply.Value?.Error is { } error) metrics.Refused(ErrorCode(error));
        return reply;
    }

    public async Task<HubReply<Guid?>> PostNote(JsonElement json) => await Reply(json, async (NoteMessage message) =>
        (Guid?)await Workshop().PostNote(message.ActivityId, Participant(), null, message.Prompt ?? "", message.Text ?? ""));

    public async Task<HubReply<bool?>> EditNote(JsonElement json) => await Reply(json, async (NoteMessage message) =>
    {
        await Workshop().EditNote(message.ActivityId, Participant(), message.NoteId ?? Guid.Empty, message.Text ?? "");
        return (bool?)true;
    });

    public async Task<HubReply<bool?>> DeleteNote(JsonElement json) => await Reply(json, async (NoteMessage message) =>
    {
        await Workshop().DeleteNote(message.ActivityId, Participant(), message.NoteId ?? Guid.Empty);
        return (bool?)true;
    });

    /// <summary>This participant's own notes on a board (also the private ones), e.g. after a reload.</summary>
    public async Task<HubReply<ImmutableList<BoardNote>>> MyNotes(JsonElement json) => await Reply(json, (NoteMessage message) =>
        Workshop().MyNotes(message.ActivityId, Participant()));

    public async Task<HubReply<bool?>> VoteBoard(JsonElement json) => await Reply(json, async (BoardVoteMessage message) =>
    {
        await Workshop().VoteOnBoard(message.ActivityId, Participant(), message.Votes ?? ImmutableDictionary<Guid, int>.Empty);
        return (bool?)true;
    });

    public async Task<HubReply<Guid?>> Propose(JsonElement json) => await Reply(json, async (ProposeMessage message) =>
        (Guid?)await Workshop().Propose(Participant(), null, message.Draft()));

    /// <summary>A display watches a workshop with its display key: the full snapshot now, then every coalesced snapshot as "display".</summary>
    public async Task<HubReply<WorkshopSnapshot>> WatchDisplay(JsonElement json) => await Reply(json, async (DisplayMessage message) =>
    {
        var workshop = grains.GetGrain<IWorkshopGrain>(message.WorkshopId);
        if (string.IsNullOrEmpty(message.Key) || !await workshop.IsDisplayKey(message.Key))
            throw new WorkshopRuleException(WorkshopError.InvalidToken, "This display link is not valid; open the display again from the facilitator's console.");
        Context.Items[DisplayKey] = message.WorkshopId;
        await Groups.AddToGroupAsync(Context.ConnectionId, DisplayGroup(message.WorkshopId));
        await Watch(DisplayLeaseKey, message.WorkshopId);
        return await workshop.GetSnapshot();
    });

    private Guid Participant() => Context.Items[ParticipantKey] as Guid?
        ?? throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");

    private IWorkshopGrain Workshop() => Context.Items[WorkshopKey] is Guid workshopId
        ? grains.GetGrain<IWorkshopGrain>(workshopId)
        : throw new WorkshopRuleException(WorkshopError.NotAParticipant, "Join the workshop first.");

    /// <summary>SignalR drops the connection from its groups by itself; the feed gets its leases back, the workshop the live count.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[PhoneLeaseKey] as WorkshopLease)?.Dispose();
        (Context.Items[DisplayLeaseKey] as WorkshopLease)?.Dispose();
        if (Context.Items[WorkshopKey] is Guid workshopId && Context.Items[ParticipantKey] is Guid participantId)
        {
            metrics.PhoneDisconnected();
            await grains.GetGrain<IWorkshopGrain>(workshopId).Connected(participantId, false);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Binds this connection to a participant (leaving any workshop it was bound to) and starts the workshop's pushes to it.</summary>
    private async Task<WorkshopSnapshot> Attach(Guid workshopId, Guid participantId)
    {
        if (Context.Items[WorkshopKey] is Guid previous && previous != workshopId)
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(previous));
        // A connection counts as one phone however often it joins or rejoins.
        if (Context.Items[ParticipantKey] is null) metrics.PhoneConnected();
        Context.Items[ParticipantKey] = participantId;
        Context.Items[ParticipantGrainKey] = grains.GetGrain<IParticipantGrain>(participantId);
        Context.Items[WorkshopKey] = workshopId;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(workshopId));
        await Watch(PhoneLeaseKey, workshopId);
        var workshop = grains.GetGrain<IWorkshopGrain>(workshopId);
        await workshop.Connected(participantId, true);
        return (await workshop.GetSnapshot()).ForParticipants();
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

    /// <summary>Reads the call's message (a malformed one is refused as invalidMessage), then answers as <see cref="Reply{T}(Func{Task{T}})"/>.</summary>
    private Task<HubReply<T>> Reply<TMessage, T>(JsonElement json, Func<TMessage, Task<T>> call) where TMessage : class =>
        Reply(() => call(messages.Read<TMessage>(json)));

    private async Task<HubReply<T>> Reply<T>(Func<Task<T>> call)
    {
        try
        {
            return HubReply<T>.Success(await call());
        }
        catch (WorkshopRuleException e)
        {
            return Refuse<T>(ErrorCode(e.Error), e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Hub call failed");
            return Refuse<T>(ServerError, "Something went wrong on the server; your answer was not stored. Please try again.");
        }
    }

    private const string ServerError = "serverError";

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

public sealed record NoteMessage(Guid ActivityId, Guid? NoteId = null, string? Prompt = null, string? Text = null);

public sealed record BoardVoteMessage(Guid ActivityId, ImmutableDictionary<Guid, int>? Votes = null);

public sealed record RejoinMessage(string? Token = null, long LastVersion = 0);

public sealed record DisplayMessage(Guid WorkshopId, string? Key = null);

public sealed record AnswerMessage(
    Guid ActivityId,
    int Round,
    string? ClientId = null,
    ImmutableDictionary<Guid, int>? Dots = null,
    ImmutableDictionary<string, ImmutableDictionary<Guid, int>>? Ratings = null,
    ImmutableList<Guid>? Ranking = null);

public sealed record ProposeMessage(
    ProposalKind Kind,
    Guid Item,
    Guid? OtherItem = null,
    ImmutableDictionary<string, string>? Labels = null,
    string? Rationale = null,
    Guid? ActivityId = null,
    Guid? NoteId = null)
{
    public ProposalDraft Draft() => new(Kind, Item, OtherItem, Labels ?? ImmutableDictionary<string, string>.Empty, Rationale, ActivityId, NoteId);
}
