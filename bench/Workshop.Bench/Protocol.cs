namespace Workshop.Bench;

// The hub's messages as docs/participant-protocol.md describes them, written from the document rather than
// shared with the web project, as any other client would be. Enum values travel as camelCase strings.

public sealed record Reply<T>(bool Ok, T? Value, ReplyError? Error);

public sealed record ReplyError(string Code, string Message);

public sealed record JoinMessage(string Code, string? Name, string? Language);

public sealed record JoinReply(string Token, Snapshot Workshop);

public sealed record RejoinMessage(string Token, long LastVersion);

/// <summary>Issue 10's rejoin reply: the snapshot when newer than lastVersion, and the participant's own data.</summary>
public sealed record RejoinReply(Snapshot? Workshop, Mine? Mine);

public sealed record Mine(List<MyAnswer> Answers);

public sealed record MyAnswer(Guid ActivityId, int Round, string ClientId, Dictionary<Guid, int>? Dots);

public sealed record DisplayMessage(Guid WorkshopId, string? Key);

public sealed record AnswerMessage(Guid ActivityId, int Round, string ClientId, Dictionary<string, int> Dots);

public sealed record Ack(string ClientId, bool Accepted, bool Duplicate, string? Error, string? Message);

public sealed record Snapshot(Guid WorkshopId, long Version, string Status, int ParticipantCount, ActivityView? Current)
{
    public int TotalDots => Current?.Results?.DotVote?.TotalDots ?? 0;
    public int Respondents => Current?.Respondents ?? 0;
}

public sealed record ActivityView(Definition Definition, List<Item> Items, string Status, int Round, bool Locked, int Respondents, Results? Results);

public sealed record Definition(Guid Id, string Kind, List<Guid> Items, int DotBudget, int MaxDotsPerItem);

public sealed record Item(Guid Id, string Code);

public sealed record Results(string Kind, DotVoteResults? DotVote);

public sealed record DotVoteResults(int Respondents, int TotalDots, List<DotVoteItem> Items);

public sealed record DotVoteItem(Guid Item, int Dots, int Voters);
