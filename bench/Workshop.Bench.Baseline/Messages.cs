using System.Text.Json;

namespace Workshop.Bench.Baseline;

// The participant protocol's messages (docs/participant-protocol.md, issue 10's contract) for the calls the bench client
// makes, written from the document as any other server would be. SignalR's JSON protocol makes the names camelCase.

public sealed record Reply<T>(bool Ok, T? Value, ReplyError? Error)
{
    public static Reply<T> Success(T value) => new(true, value, null);
    public static Reply<T> Failure(string code, string message) => new(false, default, new ReplyError(code, message));
}

public sealed record ReplyError(string Code, string Message);

public sealed record JoinMessage(string? Code, string? Name = null, string? Language = null);

public sealed record JoinReply(string Token, JsonElement Workshop);

public sealed record RejoinMessage(string? Token, long LastVersion = 0);

/// <summary>The participant's own data on rejoin; the demo room has no boards, so boardVotes and notes stay empty.</summary>
public sealed record RejoinReply(JsonElement? Workshop, Mine Mine);

public sealed record Mine(IReadOnlyList<AnswerRecord> Answers, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> BoardVotes, IReadOnlyList<object> Notes);

public sealed record AnswerRecord(Guid ActivityId, int Round, string ClientId, IReadOnlyDictionary<Guid, int>? Dots, object? Ratings, object? Ranking);

public sealed record AnswerMessage(Guid ActivityId, int Round, string? ClientId, Dictionary<Guid, int>? Dots);

public sealed record Ack(string ClientId, bool Accepted, bool Duplicate, string? Error, string? Message)
{
    public static Ack Refused(string clientId, string error, string message) => new(clientId, false, false, error, message);
}

public sealed record DisplayMessage(Guid WorkshopId, string? Key);
