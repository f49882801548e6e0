using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Workshop.Grains.Workshops;

/// <summary>
/// A participant's record, bounded so that a write costs the same at the 1st and the 1,000th answer: the current answer per
/// activity and round (bounded by the agenda) and the client ids of the last <see cref="RecentClientIdCount"/> answers.
/// </summary>
[GenerateSerializer]
public sealed record ParticipantState
{
    /// <summary>Ample for a phone's resends after a reconnect: it resends only its unacknowledged answers, the latest per activity.</summary>
    public const int RecentClientIdCount = 64;

    [Id(0)] public Guid WorkshopId { get; init; }
    [Id(1)] public string TokenHash { get; init; } = "";
    [Id(2)] public string Pseudonym { get; init; } = "";
    /// <summary>Every accepted answer, as records stored before they were bounded hold them: read only to convert such a record (<see cref="Bounded"/>).</summary>
    [Id(3)] public ImmutableList<AnswerRecord> History { get; init; } = [];
    // Id 4 held every client id ever accepted: an older record's are skipped on reading (its History holds them too).
    /// <summary>The current answer per activity and round, with when it last changed and how many answers it took.</summary>
    [Id(5)] public ImmutableList<AnswerRecord> Answers { get; init; } = [];
    /// <summary>The client ids of the last accepted answers, oldest first: a resend of one is a duplicate.</summary>
    [Id(6)] public ImmutableList<string> RecentClientIds { get; init; } = [];

    public bool Exists => WorkshopId != Guid.Empty;

    public Answer? Current(Guid activityId, int round) => CurrentRecord(activityId, round)?.Answer;

    public AnswerRecord? CurrentRecord(Guid activityId, int round) => IndexOf(activityId, round) is >= 0 and var index ? Answers[index] : null;

    /// <summary>Whether an answer with this client id was accepted: it is a current answer or one of the recent ones.</summary>
    public bool Knows(string clientId)
    {
        foreach (var record in Answers)
            if (record.Answer.ClientId == clientId) return true;
        return RecentClientIds.Contains(clientId);
    }

    /// <summary>The record with <paramref name="answer"/> as the current answer to its activity and round.</summary>
    public ParticipantState Accept(Answer answer, DateTimeOffset at)
    {
        var index = IndexOf(answer.ActivityId, answer.Round);
        var recent = RecentClientIds.Add(answer.ClientId);
        return this with
        {
            Answers = index < 0 ? Answers.Add(new AnswerRecord(at, answer, 1)) : Answers.SetItem(index, new AnswerRecord(at, answer, Answers[index].Count + 1)),
            RecentClientIds = recent.Count > RecentClientIdCount ? recent.RemoveAt(0) : recent,
        };
    }

    // A loop rather than a predicate: it runs on every answer, and the agenda bounds the list to a few entries.
    private int IndexOf(Guid activityId, int round)
    {
        var index = 0;
        foreach (var record in Answers)
        {
            if (record.Answer.ActivityId == activityId && record.Answer.Round == round) return index;
            index++;
        }
        return -1;
    }

    /// <summary>A record stored with its whole <see cref="History"/>, replayed into the bounded shape; a bounded one as it is.</summary>
    public ParticipantState Bounded() =>
        History.IsEmpty ? this : History.Aggregate(this with { History = [] }, (state, record) => state.Accept(record.Answer, record.At));
}

public sealed class ParticipantGrain(
    [PersistentState("participant")] IPersistentState<ParticipantState> participant,
    ContributionForwarder forwarder,
    TimeProvider clock) : Grain, IParticipantGrain
{
    /// <summary>Rounds this participant has handed in; answers to them are refused from then on.</summary>
    private readonly HashSet<(Guid, int)> closed = [];

    /// <summary>
    /// The open activity as last heard from the workshop, so that an answer costs no call to the one workshop grain.
    /// It stays right because the workshop tells every participant when it closes (<see cref="Close"/>) or changes it (<see cref="Follow"/>).
    /// </summary>
    private OpenActivity? open;

    private AnswerRate? rate;
    private AnswerRate Rate => rate ??= new AnswerRate(clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record stored before answers were bounded is converted once, so that its next writes are small again.
        if (participant.State.History.IsEmpty) return;
        participant.State = participant.State.Bounded();
        await participant.WriteStateAsync();
    }

    public async Task Initialize(Guid workshopId, string tokenHash, string pseudonym, OpenActivity? open)
    {
        this.open = open;
        if (participant.State.Exists) return;
        participant.State = new ParticipantState { WorkshopId = workshopId, TokenHash = tokenHash, Pseudonym = pseudonym };
        await participant.WriteStateAsync();
    }

    public Task<ParticipantIdentity?> Authenticate(string token) =>
        Task.FromResult(participant.State.Exists && ParticipantTokens.Matches(token, participant.State.TokenHash)
            ? new ParticipantIdentity(participant.State.WorkshopId, this.GetPrimaryKey(), participant.State.Pseudonym) : null);

    public async Task<AnswerAck> Submit(Answer typed)
    {
        var answer = WithPlainReasons(typed);
        if (!participant.State.Exists) return Refused(answer, WorkshopError.NotAParticipant, "You are not a participant of this workshop; join again with the code.");
        if (participant.State.Knows(answer.ClientId))
        {
            // A resend after an unknown outcome: the first one's contribution may have been lost with a silo, so it goes again.
            Contribute(answer.ActivityId, answer.Round);
            return new AnswerAck(answer.ClientId, true, true, null, null);
        }
        var open = await OpenActivity(answer.ActivityId);
        if (open is null || open.Definition.Id != answer.ActivityId || open.Round != answer.Round || closed.Contains((answer.ActivityId, answer.Round))
            || open.ClosedAt(clock.GetUtcNow()))
            return Refused(answer, WorkshopError.ActivityClosed, "This activity is not open for answers any more.");
        if (open.Locked)
            return Refused(answer, WorkshopError.ActivityLocked, "Answering is paused for a moment; try again when the facilitator resumes it.");
        try
        {
            AnswerRules.Validate(open.Definition, answer);
        }
        catch (WorkshopRuleException e)
        {
            return Refused(answer, e.Error, e.Message);
        }
        if (!Rate.TryTake()) return Refused(answer, WorkshopError.TooManyAnswers, AnswerRate.Refusal);

        var before = participant.State;
        participant.State = before.Accept(answer, clock.GetUtcNow());
        try { await participant.WriteStateAsync(); }
        catch { participant.State = before; throw; }
        Contribute(answer.ActivityId, answer.Round);
        return new AnswerAck(answer.ClientId, true, false, null, null);
    }

    /// <summary>Hands the current answer to the round, with its version, to the room's live tally.</summary>
    private void Contribute(Guid activityId, int round)
    {
        if (participant.State.CurrentRecord(activityId, round) is { } current)
            forwarder.Add(participant.State.WorkshopId, new TallyContribution(this.GetPrimaryKey(), current.Count, current.Answer));
    }

    public Task<HandedIn> Close(Guid activityId, int round)
    {
        closed.Add((activityId, round));
        open = null;
        return Task.FromResult(new HandedIn(participant.State.Current(activityId, round), participant.State.Current(activityId, round - 1)));
    }

    public Task Follow(OpenActivity changed)
    {
        if (open is { } current && current.Definition.Id == changed.Definition.Id && current.Round == changed.Round) open = changed;
        return Task.CompletedTask;
    }

    private async ValueTask<OpenActivity?> OpenActivity(Guid activityId)
    {
        if (open is null || open.Definition.Id != activityId)
            open = await GrainFactory.GetGrain<IWorkshopGrain>(participant.State.WorkshopId).GetOpenActivity();
        return open;
    }

    public Task<ImmutableList<AnswerRecord>> GetAnswers() => Task.FromResult(participant.State.Answers);

    /// <summary>Reasons are typed text: made plain (<see cref="PlainText"/>) before they are checked and stored; an empty one is no reason.</summary>
    private static Answer WithPlainReasons(Answer answer) => answer.Reasons is not { } reasons ? answer : answer with
    {
        Reasons = reasons.Select(r => (r.Key, Text: PlainText.Lines(r.Value))).Where(r => r.Text.Length > 0).ToImmutableDictionary(r => r.Key, r => r.Text),
    };

    private static AnswerAck Refused(Answer answer, WorkshopError error, string message) => new(answer.ClientId, false, false, error, message);
}

/// <summary>Participant tokens are "{participant id}.{secret}"; only a hash is stored.</summary>
public static class ParticipantTokens
{
    public static (Guid ParticipantId, string Token, string Hash) New()
    {
        var id = Guid.NewGuid();
        var token = $"{id:N}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        return (id, token, Hash(token));
    }

    public static Guid? ParticipantId(string? token) =>
        token is { Length: > 33 } && token[32] == '.' && Guid.TryParseExact(token[..32], "N", out var id) ? id : null;

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string hash) => SameSecret(Hash(token), hash);

    /// <summary>Compares secrets in constant time, so the comparison's duration tells nothing about them.</summary>
    public static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
