using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Workshop.Bench.Baseline;

/// <summary>The participants' hub at /hubs/workshop for the calls the bench client makes: join, rejoin, answer, watchDisplay.</summary>
public sealed class BaselineHub(DemoRoom room, IDurability durability) : Hub
{
    public const string DisplayGroup = "display";
    private const string ParticipantKey = "participant";

    public async Task<Reply<JoinReply>> Join(JoinMessage message)
    {
        if (!string.Equals(message.Code?.Replace("-", "").Replace(" ", ""), DemoRoom.Code, StringComparison.OrdinalIgnoreCase))
            return Reply<JoinReply>.Failure("unknownCode", $"No live workshop has the code {message.Code}.");
        var (participant, token) = room.Join();
        await durability.Joined(participant.Id, participant.TokenHash);
        return Reply<JoinReply>.Success(new JoinReply(token, Attach(participant)));
    }

    public Task<Reply<RejoinReply>> Rejoin(RejoinMessage message)
    {
        if (room.Authenticate(message.Token) is not { } participant)
            return Task.FromResult(Reply<RejoinReply>.Failure("invalidToken", "This device's pass is not valid; join again with the code."));
        var snapshot = Attach(participant);
        var mine = new Mine(participant.Current is { } current ? [current] : [], new Dictionary<string, IReadOnlyDictionary<string, int>>(), []);
        return Task.FromResult(Reply<RejoinReply>.Success(new RejoinReply(snapshot.GetProperty("version").GetInt64() > message.LastVersion ? (JsonElement?)snapshot : null, mine)));
    }

    public async Task<Reply<Ack>> Answer(AnswerMessage message)
    {
        if (Context.Items[ParticipantKey] is not DemoRoom.Participant participant)
            return Reply<Ack>.Failure("notAParticipant", "Join the workshop first.");
        var clientId = message.ClientId ?? "";
        if (participant.Knows(clientId)) return Reply<Ack>.Success(new Ack(clientId, true, true, null, null));
        if (room.Check(message) is { } refusal) return Reply<Ack>.Success(Ack.Refused(clientId, refusal.Code, refusal.Message));
        // Stored first, then counted; two resends racing both store the same row, and only the first counts.
        await durability.Answered(participant.Id, message);
        var isNew = room.Apply(participant, message);
        return Reply<Ack>.Success(new Ack(clientId, true, !isNew, null, null));
    }

    public async Task<Reply<JsonElement?>> WatchDisplay(DisplayMessage message)
    {
        if (message.WorkshopId != room.WorkshopId || message.Key != room.DisplayKey)
            return Reply<JsonElement?>.Failure("invalidToken", "This display link is not valid; open the display again from the facilitator's console.");
        await Groups.AddToGroupAsync(Context.ConnectionId, DisplayGroup);
        return Reply<JsonElement?>.Success(room.Snapshot(display: true));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(ParticipantKey)) room.Connected(false);
        return base.OnDisconnectedAsync(exception);
    }

    private JsonElement Attach(DemoRoom.Participant participant)
    {
        // A connection counts as one phone however often it joins or rejoins.
        if (!Context.Items.ContainsKey(ParticipantKey)) room.Connected(true);
        Context.Items[ParticipantKey] = participant;
        return room.Snapshot(display: false);
    }
}
