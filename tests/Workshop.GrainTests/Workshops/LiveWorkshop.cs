using System.Collections.Immutable;
using System.Diagnostics;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.GrainTests.Workshops;

/// <summary>
/// A workshop made for one test on the seed framework "community-network-coordinator" version 1, with
/// the steps a facilitator and the phones take, as plain grain calls.
/// </summary>
internal sealed class LiveWorkshop
{
    public const string FrameworkId = "community-network-coordinator";
    public const int FrameworkVersion = 1;
    public const string Facilitator = "facilitator@example.org";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    private LiveWorkshop(IGrainFactory grains, Guid id, WorkshopState created, ImmutableList<FrameworkItem> competencies)
    {
        Grains = grains;
        Id = id;
        Created = created;
        Competencies = competencies;
    }

    public IGrainFactory Grains { get; }
    public Guid Id { get; }
    public WorkshopState Created { get; }
    public string Code => Created.Code;
    public IWorkshopGrain Grain => Grains.GetGrain<IWorkshopGrain>(Id);
    public IRoomGrain Room => Grains.GetGrain<IRoomGrain>(Id);

    /// <summary>The competencies of the framework version, in tree order: the items activities are made of.</summary>
    public ImmutableList<FrameworkItem> Competencies { get; }

    public static SegmentQuestion Country { get; } = new(
        "country", ImmutableDictionary<string, string>.Empty.Add("en", "Country").Add("sl", "Država"), ["SI", "IT", "FR"]);

    public static async Task<FrameworkVersion> SeedVersion(IGrainFactory grains)
    {
        var framework = await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get()
            ?? throw new Xunit.Sdk.XunitException($"The seed framework {FrameworkId} was not imported.");
        return framework.Version(FrameworkVersion) ?? throw new Xunit.Sdk.XunitException($"The seed framework has no version {FrameworkVersion}.");
    }

    /// <summary>A new workshop, started (phones can join) unless <paramref name="started"/> is false.</summary>
    public static async Task<LiveWorkshop> Create(IGrainFactory grains, ImmutableList<SegmentQuestion>? segments = null, string title = "Focus group Ljubljana", string? code = null,
        bool started = true)
    {
        var version = await SeedVersion(grains);
        var competencies = version.Items.Where(i => i.Kind == ItemKind.Competency).ToImmutableList();
        var id = Guid.NewGuid();
        var created = await grains.GetGrain<IWorkshopGrain>(id).Create(new CreateWorkshop(title, FrameworkId, FrameworkVersion, Facilitator, "sl", segments, code));
        if (started) await grains.GetGrain<IWorkshopGrain>(id).Start();
        return new LiveWorkshop(grains, id, created, competencies);
    }

    public ImmutableList<Guid> Items(int count, int skip = 0) => Competencies.Skip(skip).Take(count).Select(i => i.Id).ToImmutableList();

    public static ImmutableDictionary<string, string> Title(string en) => ImmutableDictionary<string, string>.Empty.Add("en", en);

    public async Task<ActivityDefinition> AddDotVote(int items = 5, int budget = 5, int maxPerItem = 2)
    {
        var definition = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Which competencies matter most?"), Items(items), budget, maxPerItem);
        await Grain.AddActivity(definition);
        return definition;
    }

    public async Task<ActivityDefinition> AddRating(int items = 4)
    {
        var definition = ActivityDefinition.Rating(Guid.NewGuid(), Title("Rate each competency"), Items(items));
        await Grain.AddActivity(definition);
        return definition;
    }

    /// <summary>A rating of importance only, under a consensus rule (the default one unless given), closing by itself at <paramref name="closesAt"/> when set.</summary>
    public async Task<ActivityDefinition> AddDelphiRating(int items = 3, ConsensusRule? rule = null, DateTimeOffset? closesAt = null)
    {
        var definition = ActivityDefinition.Rating(Guid.NewGuid(), Title("How important is each competency?"), Items(items), [RatingScale.Importance])
            with { Consensus = rule ?? new ConsensusRule(), ClosesAt = closesAt };
        await Grain.AddActivity(definition);
        return definition;
    }

    public async Task<ActivityDefinition> AddRanking(int items = 5, int top = 3)
    {
        var definition = ActivityDefinition.Ranking(Guid.NewGuid(), Title("Rank your top three"), Items(items), top);
        await Grain.AddActivity(definition);
        return definition;
    }

    public async Task<ActivityDefinition> OpenDotVote(int items = 5, int budget = 5, int maxPerItem = 2)
    {
        var definition = await AddDotVote(items, budget, maxPerItem);
        await Grain.OpenActivity(definition.Id);
        return definition;
    }

    public async Task<Phone> Join(string? name = null, ImmutableDictionary<string, string>? segments = null, string language = "sl")
    {
        var result = (await Grain.JoinMany([new JoinRequest(name, language, segments)]))[0];
        var joined = result.Joined ?? throw new WorkshopRuleException(result.Error!.Value, result.Message!);
        return new Phone(Grains, Id, joined);
    }

    public async Task<IReadOnlyList<Phone>> JoinMany(int count)
    {
        var phones = new List<Phone>();
        for (var i = 0; i < count; i++) phones.Add(await Join());
        return phones;
    }

    public async Task<WorkshopState> State() =>
        await Grain.GetState() ?? throw new Xunit.Sdk.XunitException($"Workshop {Id} does not exist.");

    /// <summary>The workshop's record: its roster, timeline and boards besides the agenda.</summary>
    public async Task<WorkshopRecord> Record() =>
        await Grain.GetRecord() ?? throw new Xunit.Sdk.XunitException($"Workshop {Id} does not exist.");

    public async Task<ActivityState> Activity(Guid activityId) =>
        (await State()).Activity(activityId) ?? throw new Xunit.Sdk.XunitException($"Activity {activityId} is not on the agenda.");

    /// <summary>
    /// Polls the facilitator's snapshot until it satisfies <paramref name="condition"/>: the live tally arrives in
    /// batches (about every 100 ms), so a test waits for it instead of sleeping a fixed time.
    /// </summary>
    public async Task<WorkshopSnapshot> WaitForSnapshot(Func<WorkshopSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? SettleTimeout;
        var watch = Stopwatch.StartNew();
        var snapshot = await Room.GetSnapshot();
        while (!condition(snapshot))
        {
            if (watch.Elapsed > limit)
                throw new Xunit.Sdk.XunitException(
                    $"Waited {limit.TotalSeconds:0.#} s for {what}; the last snapshot (version {snapshot.Version}) has " +
                    $"{snapshot.Current?.Respondents} respondents and status {snapshot.Current?.Status}.");
            await Task.Delay(15);
            snapshot = await Room.GetSnapshot();
        }
        return snapshot;
    }

    /// <summary>Waits until the live tally of the current activity shows <paramref name="respondents"/> respondents.</summary>
    public Task<WorkshopSnapshot> WaitForRespondents(int respondents) =>
        WaitForSnapshot(s => s.Current?.Respondents == respondents, $"{respondents} respondents in the live tally");

    /// <summary>Waits until the room's live results of <paramref name="activity"/> are exactly those of <paramref name="answers"/> (one current answer per participant).</summary>
    public async Task<WorkshopSnapshot> WaitForLiveTally(ActivityDefinition activity, IEnumerable<Answer?> answers)
    {
        var expected = Describe(Results.For(activity, TallyCounts.FromAnswers(activity, answers)));
        try { return await WaitForSnapshot(s => s.Current?.Results is { } live && Describe(live) == expected, "the live tally of the stored answers"); }
        catch (Xunit.Sdk.XunitException)
        {
            Assert.Equal(expected, Describe((await Room.GetSnapshot()).Current?.Results));
            throw;
        }
    }

    /// <summary>Results as JSON, so that they compare by content.</summary>
    public static string Describe(ActivityResults? results) => System.Text.Json.JsonSerializer.Serialize(results);

    /// <summary>A tally as sorted lines, so that a failed comparison shows the difference.</summary>
    public static IReadOnlyList<string> Describe(TallyCounts counts) =>
        counts.Counts.Select(c => $"{c.Key.Item} {c.Key.Measure}={c.Key.Value}: {c.Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>An answer as text, so that answers compare by content (records compare their immutable collections by reference).</summary>
    public static string Describe(Answer answer) =>
        $"{answer.ActivityId} round {answer.Round} {answer.ClientId}: " +
        $"dots [{string.Join(", ", (answer.Dots ?? ImmutableDictionary<Guid, int>.Empty).OrderBy(d => d.Key).Select(d => $"{d.Key}={d.Value}"))}] " +
        $"ratings [{string.Join(", ", (answer.Ratings ?? ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty).OrderBy(r => r.Key, StringComparer.Ordinal)
            .SelectMany(r => r.Value.OrderBy(v => v.Key).Select(v => $"{r.Key}:{v.Key}={v.Value}")))}] " +
        $"ranking [{string.Join(", ", answer.Ranking ?? [])}]";

    public static IReadOnlyList<string> Describe(IEnumerable<Answer> answers) => answers.Select(Describe).ToList();

    /// <summary>What the participant grain has stored, as text.</summary>
    public static async Task<IReadOnlyList<string>> Stored(Phone phone) => Describe((await phone.Grain.GetAnswers()).Select(r => r.Answer));
}

/// <summary>One participant's phone: the participant grain reached with the id from its join.</summary>
internal sealed class Phone(IGrainFactory grains, Guid workshopId, Joined joined)
{
    private int sent;

    public Guid ParticipantId { get; } = joined.ParticipantId;
    public string Token { get; } = joined.Token;
    /// <summary>The participant as the hub presents them to a board.</summary>
    public BoardParticipant OnBoard { get; } = new(workshopId, joined.ParticipantId, joined.Pseudonym);
    public IParticipantGrain Grain => grains.GetGrain<IParticipantGrain>(ParticipantId);

    public string NextClientId() => $"{ParticipantId:N}-{Interlocked.Increment(ref sent)}";

    public Task<AnswerAck> Submit(Answer answer) => Grain.Submit(answer);

    public static Answer Dots(ActivityDefinition activity, string clientId, params (Guid Item, int Dots)[] dots) =>
        Answer.ForDots(activity.Id, 1, clientId, dots.ToImmutableDictionary(d => d.Item, d => d.Dots));

    public Task<AnswerAck> Dots(ActivityDefinition activity, params (Guid Item, int Dots)[] dots) =>
        Submit(Dots(activity, NextClientId(), dots));

    public Task<AnswerAck> Ratings(ActivityDefinition activity, int round, params (string Scale, Guid Item, int Value)[] ratings) =>
        Submit(Answer.ForRatings(activity.Id, round, NextClientId(), ratings
            .GroupBy(r => r.Scale)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableDictionary(r => r.Item, r => r.Value))));

    /// <summary>Rates importance in <paramref name="round"/>, with a reason for some items.</summary>
    public Task<AnswerAck> Importance(ActivityDefinition activity, int round, (Guid Item, int Value)[] ratings, params (Guid Item, string Text)[] reasons) =>
        Submit(Answer.ForRatings(activity.Id, round, NextClientId(), ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
            .Add(RatingScale.Importance.Key, ratings.ToImmutableDictionary(r => r.Item, r => r.Value))) with
        {
            Reasons = reasons.Length == 0 ? null : reasons.ToImmutableDictionary(r => r.Item, r => r.Text),
        });

    public Task<AnswerAck> Ranking(ActivityDefinition activity, int round, params Guid[] ranking) =>
        Submit(Answer.ForRanking(activity.Id, round, NextClientId(), [.. ranking]));
}

internal static class AckAssert
{
    public static void Accepted(AnswerAck ack)
    {
        Assert.True(ack.Accepted, $"The answer {ack.ClientId} was refused: {ack.Error} ({ack.Message}).");
        Assert.False(ack.Duplicate);
        Assert.Null(ack.Error);
    }

    public static void Refused(WorkshopError error, AnswerAck ack)
    {
        Assert.False(ack.Accepted, $"The answer {ack.ClientId} was accepted; it should have been refused with {error}.");
        Assert.False(ack.Duplicate);
        Assert.Equal(error, ack.Error);
        Assert.False(string.IsNullOrWhiteSpace(ack.Message));
    }
}
