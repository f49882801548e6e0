using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>The real app on a real port, shared by the hub tests; each test makes its own workshop. What it logs is kept in <see cref="Log"/>.</summary>
public sealed class HubTestsApp : IAsyncLifetime
{
    public HubTestsApp() => App = new LoggedApp(Log);

    public WorkshopApp App { get; }
    public CapturedLog Log { get; } = new();
    public Uri BaseAddress { get; private set; } = default!;
    public IGrainFactory Grains { get; private set; } = default!;

    public Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
        Grains = App.Services.GetRequiredService<IGrainFactory>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private sealed class LoggedApp(CapturedLog log) : WorkshopApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }
}

/// <summary>A test of the hub on the shared app: phones connect with the real .NET SignalR client and are closed after the test.</summary>
public abstract class HubTest(HubTestsApp fixture) : IClassFixture<HubTestsApp>, IAsyncLifetime
{
    protected const string FrameworkId = "community-network-coordinator";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly List<HubConnection> connections = [];

    protected IGrainFactory Grains => fixture.Grains;
    protected CapturedLog Log => fixture.Log;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in connections) await connection.DisposeAsync();
    }

    /// <summary>Everything a participant did: the answers its grain stored.</summary>
    protected Task<ImmutableList<AnswerRecord>> Stored(string token) =>
        Grains.GetGrain<IParticipantGrain>(ParticipantTokens.ParticipantId(token)!.Value).GetAnswers();

    protected static Task<JsonElement> Join(HubConnection connection, string code, string? name = null) =>
        connection.InvokeAsync<JsonElement>("join", new { code, name, language = "en" });

    protected static Task<JsonElement> Rejoin(HubConnection connection, string? token, long lastVersion) =>
        connection.InvokeAsync<JsonElement>("rejoin", new { token, lastVersion });

    /// <summary>Joins with the code and returns the participant's token.</summary>
    protected static async Task<string> Joined(HubConnection connection, string code)
    {
        var reply = await Join(connection, code);
        return Ok(reply).GetProperty("token").GetString()!;
    }

    protected static void AcceptedAck(string clientId, bool duplicate, JsonElement reply)
    {
        var ack = Ok(reply);
        Assert.Equal(clientId, ack.GetProperty("clientId").GetString());
        Assert.True(ack.GetProperty("accepted").GetBoolean(), $"The answer was refused: {ack}");
        Assert.Equal(duplicate, ack.GetProperty("duplicate").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ack.GetProperty("error").ValueKind);
    }

    /// <summary>
    /// A refused answer: the call itself succeeds and its ack says why (docs/participant-protocol.md, "Ack").
    /// The ack's error is the WorkshopError enum, written camelCase like every enum of the hub.
    /// </summary>
    protected static void RefusedAck(WorkshopError error, JsonElement reply)
    {
        var ack = Ok(reply);
        Assert.False(ack.GetProperty("accepted").GetBoolean(), $"The answer was accepted; it should have been refused with {error}.");
        Assert.False(ack.GetProperty("duplicate").GetBoolean());
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(error.ToString()), ack.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(ack.GetProperty("message").GetString()));
    }

    /// <summary>A started phone connection; with <paramref name="snapshots"/>, its snapshot pushes go there.</summary>
    protected async Task<HubConnection> Connect(Channel<JsonElement>? snapshots = null)
    {
        var connection = Phones.Connection(fixture.BaseAddress);
        if (snapshots is not null) connection.On<JsonElement>("snapshot", s => snapshots.Writer.TryWrite(s));
        connections.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The next snapshot push that is <paramref name="wanted"/>, within <see cref="Patience"/>; the ones passed over go to <paramref name="seen"/>.</summary>
    protected static async Task<JsonElement> NextSnapshot(Channel<JsonElement> snapshots, Func<JsonElement, bool> wanted, string what, List<JsonElement>? seen = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var snapshot = await snapshots.Reader.ReadAsync(timeout.Token);
                seen?.Add(snapshot);
                if (wanted(snapshot)) return snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No snapshot push with {what} arrived within {Patience.TotalSeconds} s.");
        }
    }
}

/// <summary>
/// The participants' hub (docs/participant-protocol.md) through the real .NET SignalR client: the facilitator's side
/// is driven through the grains, the phone's side through a HubConnection to /hubs/workshop.
/// </summary>
public sealed class HubTests(HubTestsApp fixture) : HubTest(fixture)
{
    // ---- the facilitator's side, through the grains ----

    private sealed record Workshop(IWorkshopGrain Grain, string Code, ImmutableList<Guid> Items);

    private async Task<Workshop> NewWorkshop()
    {
        var grain = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await grain.Create(new CreateWorkshop("Focus group Koper", FrameworkId, 1, "facilitator@example.org", "sl"));
        await grain.Start();
        var framework = await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get();
        var items = framework!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(6).Select(i => i.Id).ToImmutableList();
        return new Workshop(grain, created.Code, items);
    }

    private static ImmutableDictionary<string, string> Title(string en) => ImmutableDictionary<string, string>.Empty.Add("en", en);

    /// <summary>A dot vote on the first four items, 5 dots, at most 2 on one item.</summary>
    private static async Task<ActivityDefinition> OpenDotVote(Workshop workshop)
    {
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Key competencies"), workshop.Items.Take(4), budget: 5, maxPerItem: 2);
        await workshop.Grain.AddActivity(vote);
        await workshop.Grain.OpenActivity(vote.Id);
        return vote;
    }

    private static async Task<ActivityState> Activity(Workshop workshop, Guid activityId) =>
        (await workshop.Grain.GetState())!.Activity(activityId)!;

    private async Task<WorkshopSnapshot> WaitForRespondents(Workshop workshop, int respondents)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await Grains.GetGrain<IRoomGrain>(workshop.Grain.GetPrimaryKey()).GetSnapshot();
            if (snapshot.Current?.Respondents == respondents) return snapshot;
            if (watch.Elapsed > Patience)
                Assert.Fail($"Waited {Patience.TotalSeconds} s for {respondents} respondents; the live tally has {snapshot.Current?.Respondents}.");
            await Task.Delay(15);
        }
    }

    // ---- the phone's side, through the hub ----

    private static Task<JsonElement> Answer(HubConnection connection, ActivityDefinition activity, string clientId,
        object? dots = null, object? ratings = null, object? ranking = null, int round = 1) =>
        connection.InvokeAsync<JsonElement>("answer", new { activityId = activity.Id, round, clientId, dots, ratings, ranking });

    private static Dictionary<string, int> Dots(params (Guid Item, int Dots)[] dots) => dots.ToDictionary(d => d.Item.ToString(), d => d.Dots);

    private static JsonElement Current(JsonElement snapshot) => snapshot.GetProperty("current");

    // ---- tests ----

    [Fact]
    public async Task Joining_with_the_code_in_lowercase_with_a_dash_returns_a_token_and_the_participants_snapshot()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var connection = await Connect();
        var typed = workshop.Code.ToLowerInvariant().Insert(3, "-");

        var reply = await Join(connection, $" {typed} ", "Ana");

        var value = Ok(reply);
        var token = value.GetProperty("token").GetString()!;
        var participantId = ParticipantTokens.ParticipantId(token);
        Assert.NotNull(participantId);
        var snapshot = value.GetProperty("workshop");
        Assert.Equal(workshop.Code, snapshot.GetProperty("code").GetString());
        Assert.Equal("live", snapshot.GetProperty("status").GetString());
        Assert.Equal(1, snapshot.GetProperty("participantCount").GetInt32());
        var current = Current(snapshot);
        Assert.Equal(vote.Id, current.GetProperty("definition").GetProperty("id").GetGuid());
        Assert.Equal("dotVote", current.GetProperty("definition").GetProperty("kind").GetString());
        Assert.Equal(5, current.GetProperty("definition").GetProperty("dotBudget").GetInt32());
        Assert.Equal(("open", 1), (current.GetProperty("status").GetString(), current.GetProperty("round").GetInt32()));
        Assert.Equal(4, current.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, current.GetProperty("results").ValueKind);
        var state = (await workshop.Grain.GetRecord())!;
        var entry = state.Participants.Single(p => p.Id == participantId.Value);
        Assert.Equal(("Ana", "en"), (entry.DisplayName, entry.Language));
        Assert.Equal(state.Workshop.Id, (await Grains.GetGrain<IParticipantGrain>(participantId.Value).Authenticate(token))?.WorkshopId);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(state.Participants));
    }

    [Fact]
    public async Task Forty_phones_joining_at_once_each_get_their_own_participant_and_a_refused_one_adds_nobody()
    {
        var workshop = await NewWorkshop();
        var phones = await Task.WhenAll(Enumerable.Range(0, 41).Select(_ => Connect()));

        var replies = await Task.WhenAll(phones.Select((phone, i) => Join(phone, workshop.Code, i == 0 ? new string('x', 41) : $"Phone {i}")));

        Failed("invalidDefinition", replies[0]);
        var tokens = replies.Skip(1).Select(r => Ok(r).GetProperty("token").GetString()!).ToList();
        Assert.Equal(40, tokens.Distinct().Count());
        var state = (await workshop.Grain.GetRecord())!;
        Assert.Equal(40, state.Participants.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"P{n:000}"), state.Participants.Select(p => p.Pseudonym).Order());
        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"Phone {n}").Order(), state.Participants.Select(p => p.DisplayName).Order());
        foreach (var token in tokens)
            Assert.Equal(state.Workshop.Id, (await Grains.GetGrain<IParticipantGrain>(ParticipantTokens.ParticipantId(token)!.Value).Authenticate(token))?.WorkshopId);
    }

    [Fact]
    public async Task An_answer_over_the_hub_is_acknowledged_stored_and_counted_in_the_live_tally()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var connection = await Connect();
        var token = await Joined(connection, workshop.Code);

        var reply = await Answer(connection, vote, "answer-1", dots: Dots((vote.Items[0], 2), (vote.Items[1], 1)));

        AcceptedAck("answer-1", duplicate: false, reply);
        var stored = Assert.Single(await Stored(token)).Answer;
        Assert.Equal(("answer-1", 2, 1), (stored.ClientId, stored.Dots![vote.Items[0]], stored.Dots[vote.Items[1]]));
        var snapshot = await WaitForRespondents(workshop, 1);
        Assert.Equal(3, snapshot.Current!.Results!.DotVote!.TotalDots);
    }

    [Fact]
    public async Task After_a_reconnect_rejoin_catches_up_only_when_behind_and_a_resent_answer_is_a_duplicate_counted_once()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var first = await Connect();
        var token = await Joined(first, workshop.Code);
        AcceptedAck("kept-1", false, await Answer(first, vote, "kept-1", dots: Dots((vote.Items[2], 2))));
        await WaitForRespondents(workshop, 1);
        await first.DisposeAsync();

        var second = await Connect();
        var beforeRejoin = await Answer(second, vote, "kept-1", dots: Dots((vote.Items[2], 2)));
        var seen = (await Grains.GetGrain<IRoomGrain>(workshop.Grain.GetPrimaryKey()).GetSnapshot()).Version;
        var upToDate = await Rejoin(second, token, seen);
        await workshop.Grain.Reveal(vote.Id, true);
        var behind = await Rejoin(second, token, seen);
        var resent = await Answer(second, vote, "kept-1", dots: Dots((vote.Items[2], 2)));

        Failed("notAParticipant", beforeRejoin);
        Assert.Equal(JsonValueKind.Null, Ok(upToDate).GetProperty("workshop").ValueKind);
        var kept = Assert.Single(Ok(upToDate).GetProperty("mine").GetProperty("answers").EnumerateArray());
        Assert.Equal(("kept-1", 2), (kept.GetProperty("clientId").GetString(), kept.GetProperty("dots").GetProperty(vote.Items[2].ToString()).GetInt32()));
        var snapshot = Ok(behind).GetProperty("workshop");
        Assert.True(snapshot.GetProperty("version").GetInt64() > seen);
        Assert.True(Current(snapshot).GetProperty("revealed").GetBoolean());
        Assert.Equal(1, Current(snapshot).GetProperty("results").GetProperty("dotVote").GetProperty("respondents").GetInt32());
        AcceptedAck("kept-1", duplicate: true, resent);
        Assert.Single(await Stored(token));
        await workshop.Grain.CloseActivity(vote.Id);
        var closed = await Activity(workshop, vote.Id);
        var results = closed.ClosedRounds.Single().DotVote!;
        Assert.Equal((1, 2), (results.Respondents, results.TotalDots));
    }

    [Fact]
    public async Task A_snapshot_is_pushed_when_the_facilitator_opens_an_activity_and_when_results_are_revealed()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Title("Rate"), workshop.Items.Take(3));
        await workshop.Grain.AddActivity(rating);
        var snapshots = Channel.CreateUnbounded<JsonElement>();
        var connection = await Connect(snapshots);
        await Joined(connection, workshop.Code);
        AcceptedAck("r-1", false, await Answer(connection, vote, "r-1", dots: Dots((vote.Items[0], 1))));
        var seen = new List<JsonElement>();

        await workshop.Grain.OpenActivity(rating.Id);
        var opened = await NextSnapshot(snapshots, s => Current(s).GetProperty("definition").GetProperty("id").GetGuid() == rating.Id,
            "the rating as the current activity", seen);
        await workshop.Grain.Reveal(rating.Id, true);
        var revealed = await NextSnapshot(snapshots, s => Current(s).GetProperty("revealed").GetBoolean(), "revealed results", seen);

        Assert.Equal(("rating", "open"), (Current(opened).GetProperty("definition").GetProperty("kind").GetString(), Current(opened).GetProperty("status").GetString()));
        Assert.Equal(2, Current(opened).GetProperty("definition").GetProperty("scales").GetArrayLength());
        Assert.Equal(rating.Id, Current(revealed).GetProperty("definition").GetProperty("id").GetGuid());
        Assert.Equal(0, Current(revealed).GetProperty("results").GetProperty("rating").GetProperty("respondents").GetInt32());
        Assert.True(revealed.GetProperty("version").GetInt64() > opened.GetProperty("version").GetInt64());
        // Until the reveal, no push carried results.
        Assert.All(seen.Where(s => !Current(s).GetProperty("revealed").GetBoolean()),
            s => Assert.Equal(JsonValueKind.Null, Current(s).GetProperty("results").ValueKind));
    }

    [Fact]
    public async Task An_unknown_or_malformed_code_is_refused_with_UnknownCode_and_adds_no_participant()
    {
        var workshop = await NewWorkshop();
        await OpenDotVote(workshop);
        var connection = await Connect();
        var unused = JoinCodes.New();
        while (await Grains.GetGrain<IJoinCodeGrain>(unused).Resolve() is not null) unused = JoinCodes.New();

        var unknown = await Join(connection, unused);
        var malformed = await Join(connection, "K7M2Q0");
        var empty = await Join(connection, "");

        Failed("unknownCode", unknown);
        Failed("unknownCode", malformed);
        Failed("unknownCode", empty);
        Assert.Empty((await workshop.Grain.GetRecord())!.Participants);
        Failed("notAParticipant", await Answer(connection, ActivityDefinition.DotVote(Guid.NewGuid(), Title("x"), workshop.Items), "c-1", dots: Dots()));
    }

    [Fact]
    public async Task An_answer_before_joining_is_refused_with_NotAParticipant_and_counts_nothing()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var connection = await Connect();

        var reply = await Answer(connection, vote, "early-1", dots: Dots((vote.Items[0], 2)));
        await workshop.Grain.CloseActivity(vote.Id);

        Failed("notAParticipant", reply);
        Assert.Equal(0, (await Activity(workshop, vote.Id)).ClosedRounds.Single().DotVote!.Respondents);
    }

    [Fact]
    public async Task A_forged_token_is_refused_with_InvalidToken_and_a_token_of_another_workshop_cannot_act_in_this_one()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var other = await NewWorkshop();
        var otherVote = await OpenDotVote(other);
        var insider = await Connect();
        var insiderToken = await Joined(insider, workshop.Code);
        var outsiderToken = await Joined(await Connect(), other.Code);
        var (insiderId, outsiderSecret) = (insiderToken.Split('.')[0], outsiderToken.Split('.')[1]);

        var intruder = await Connect();
        var forged = new[]
        {
            $"{insiderId}.{outsiderSecret}", // this workshop's participant with another workshop's secret
            $"{insiderId}.{new string('A', 43)}",
            $"{Guid.NewGuid():N}.{outsiderSecret}",
            "not-a-token",
            "",
        };
        var replies = new List<JsonElement>();
        foreach (var token in forged) replies.Add(await Rejoin(intruder, token, 0));
        replies.Add(await Rejoin(intruder, null, 0));
        var afterForgeries = await Answer(intruder, vote, "forged-1", dots: Dots((vote.Items[0], 2)));

        // The real token of the other workshop makes the connection that workshop's participant, and nothing more.
        var otherSnapshot = Ok(await Rejoin(intruder, outsiderToken, 0)).GetProperty("workshop");
        var crossing = await Answer(intruder, vote, "crossing-1", dots: Dots((vote.Items[0], 2)));

        Assert.All(replies, r => Failed("invalidToken", r));
        Failed("notAParticipant", afterForgeries);
        Assert.Equal(other.Code, otherSnapshot.GetProperty("code").GetString());
        RefusedAck(WorkshopError.ActivityClosed, crossing);
        Assert.Empty(await Stored(insiderToken));
        Assert.Empty(await Stored(outsiderToken));
        AcceptedAck("own-1", false, await Answer(insider, vote, "own-1", dots: Dots((vote.Items[3], 1))));
        await workshop.Grain.CloseActivity(vote.Id);
        await other.Grain.CloseActivity(otherVote.Id);
        var closed = (await Activity(workshop, vote.Id)).ClosedRounds.Single().DotVote!;
        Assert.Equal((1, 1), (closed.Respondents, closed.TotalDots));
        Assert.Equal(0, (await Activity(other, otherVote.Id)).ClosedRounds.Single().DotVote!.Respondents);
        Assert.Single((await workshop.Grain.GetRecord())!.Participants);
    }

    [Fact]
    public async Task Answers_that_break_a_rule_are_refused_with_its_code_and_change_nothing()
    {
        var workshop = await NewWorkshop();
        var items = workshop.Items;
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Vote"), items.Take(4), budget: 5, maxPerItem: 2);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Title("Rate"), items.Take(3));
        var ranking = ActivityDefinition.Ranking(Guid.NewGuid(), Title("Rank"), items.Take(4), top: 3);
        foreach (var activity in new[] { vote, rating, ranking }) await workshop.Grain.AddActivity(activity);
        await workshop.Grain.OpenActivity(vote.Id);
        var connection = await Connect();
        var token = await Joined(connection, workshop.Code);
        var outside = items[5];

        var refusals = new List<(WorkshopError Error, JsonElement Reply)>
        {
            (WorkshopError.ItemNotInActivity, await Answer(connection, vote, "v-1", dots: Dots((outside, 1)))),
            (WorkshopError.OverBudget, await Answer(connection, vote, "v-2", dots: Dots((items[0], 2), (items[1], 2), (items[2], 2)))),
            (WorkshopError.OverItemCap, await Answer(connection, vote, "v-3", dots: Dots((items[0], 3)))),
            (WorkshopError.ActivityClosed, await Answer(connection, rating, "v-4", ratings: new Dictionary<string, Dictionary<string, int>>
                { ["importance"] = new() { [items[0].ToString()] = 3 } })),
        };
        await workshop.Grain.CloseActivity(vote.Id);
        refusals.Add((WorkshopError.ActivityClosed, await Answer(connection, vote, "v-5", dots: Dots((items[0], 1)))));

        await workshop.Grain.OpenActivity(rating.Id);
        refusals.Add((WorkshopError.RatingOutOfRange, await Answer(connection, rating, "r-1", ratings: new Dictionary<string, Dictionary<string, int>>
            { ["importance"] = new() { [items[0].ToString()] = 6 } })));
        refusals.Add((WorkshopError.RatingOutOfRange, await Answer(connection, rating, "r-2", ratings: new Dictionary<string, Dictionary<string, int>>
            { ["importance"] = new() { [items[0].ToString()] = 4 }, ["development"] = new() { [items[1].ToString()] = 0 } })));
        await workshop.Grain.Lock(rating.Id, true);
        refusals.Add((WorkshopError.ActivityLocked, await Answer(connection, rating, "r-3", ratings: new Dictionary<string, Dictionary<string, int>>
            { ["importance"] = new() { [items[0].ToString()] = 4 } })));
        await workshop.Grain.CloseActivity(rating.Id);

        await workshop.Grain.OpenActivity(ranking.Id);
        refusals.Add((WorkshopError.DuplicateRank, await Answer(connection, ranking, "k-1", ranking: new[] { items[0], items[1], items[0] })));
        refusals.Add((WorkshopError.TooManyRanks, await Answer(connection, ranking, "k-2", ranking: new[] { items[0], items[1], items[2], items[3] })));
        refusals.Add((WorkshopError.ItemNotInActivity, await Answer(connection, ranking, "k-3", ranking: new[] { items[0], outside })));
        await workshop.Grain.CloseActivity(ranking.Id);

        Assert.All(refusals, r => RefusedAck(r.Error, r.Reply));
        Assert.Empty(await Stored(token));
        var state = (await workshop.Grain.GetState())!;
        Assert.All(new[] { vote, rating, ranking }, a =>
        {
            var activity = state.Activity(a.Id)!;
            Assert.Equal(ActivityStatus.Closed, activity.Status);
            Assert.Equal(TallyCounts.Empty, activity.Counts);
        });
        Assert.Equal(0, state.Activity(rating.Id)!.ClosedRounds.Single().Rating!.Respondents);
        Assert.Equal(0, state.Activity(ranking.Id)!.ClosedRounds.Single().Ranking!.Respondents);
    }

    [Fact]
    public async Task A_message_over_32_KB_closes_the_connection_and_changes_nothing()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var huge = new string('x', 40_000);

        var joining = await Connect();
        var joinClosed = ClosedSignal(joining);
        await Assert.ThrowsAnyAsync<Exception>(() => Join(joining, workshop.Code, huge));
        await joinClosed.WaitAsync(Patience);

        var answering = await Connect();
        var token = await Joined(answering, workshop.Code);
        var answerClosed = ClosedSignal(answering);
        await Assert.ThrowsAnyAsync<Exception>(() => Answer(answering, vote, huge, dots: Dots((vote.Items[0], 1))));
        await answerClosed.WaitAsync(Patience);

        Assert.Equal(HubConnectionState.Disconnected, joining.State);
        Assert.Equal(HubConnectionState.Disconnected, answering.State);
        var state = (await workshop.Grain.GetRecord())!;
        Assert.Single(state.Participants);
        Assert.DoesNotContain(state.Participants, p => p.DisplayName is { Length: > 40 });
        Assert.Empty(await Stored(token));

        // The app goes on: a new connection rejoins with the token and answers.
        var again = await Connect();
        Ok(await Rejoin(again, token, 0));
        AcceptedAck("after-1", false, await Answer(again, vote, "after-1", dots: Dots((vote.Items[0], 1))));
    }

    [Fact]
    public async Task Every_call_with_a_malformed_message_is_answered_invalidMessage_without_an_error_in_the_log_and_the_connection_goes_on()
    {
        var workshop = await NewWorkshop();
        var vote = await OpenDotVote(workshop);
        var connection = await Connect();
        var item = workshop.Items[0];
        var logged = Log.Entries.Count;
        string[] methods = ["join", "rejoin", "answer", "postNote", "editNote", "deleteNote", "myNotes", "voteBoard", "propose", "watchDisplay"];
        object?[] notAnObject = [null, "K7M2QX", 42, true, new[] { 1, 2 }];
        var malformed = methods.SelectMany(method => notAnObject.Select(message => (method, message))).Concat(
        [
            ("join", new { }),
            ("join", new { code = 123456 }),
            ("join", new { code = workshop.Code, segments = new[] { "SI" } }),
            ("join", new { code = workshop.Code, name = new { first = "Ana" } }),
            ("rejoin", new { token = 5, lastVersion = 0 }),
            ("rejoin", new { token = "x.y", lastVersion = "yesterday" }),
            ("answer", new { round = 1, clientId = "no-activity" }),
            ("answer", new { activityId = "not-a-guid", round = 1 }),
            ("answer", new { activityId = vote.Id, round = "first" }),
            ("answer", new { activityId = vote.Id, round = 1, dots = new Dictionary<string, int> { ["not-a-guid"] = 1 } }),
            ("answer", new { activityId = vote.Id, round = 1, dots = new Dictionary<string, string> { [item.ToString()] = "two" } }),
            ("answer", new { activityId = vote.Id, round = 1, dots = new[] { 1, 2 } }),
            ("answer", new { activityId = vote.Id, round = 1, dots = new Dictionary<string, int?> { [item.ToString()] = null } }),
            ("answer", new { activityId = vote.Id, round = 1, ratings = new { importance = 4 } }),
            ("answer", new { activityId = vote.Id, round = 1, ranking = item }),
            ("postNote", new { prompt = "vision", text = "No board named" }),
            ("editNote", new { activityId = 5, noteId = item }),
            ("deleteNote", new { activityId = vote.Id, noteId = "nope" }),
            ("myNotes", new { activityId = (string?)null }),
            ("voteBoard", new { activityId = vote.Id, votes = new[] { 1 } }),
            ("propose", new { item }),
            ("propose", new { kind = 1, item }),
            ("propose", new { kind = "takeover", item }),
            ("propose", new { kind = "rewording", item, labels = "New wording" }),
            ("watchDisplay", new { key = "a key" }),
            ("watchDisplay", new { workshopId = "x", key = "a key" }),
        ]).ToList();

        var wrong = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (var (method, message) in malformed)
        {
            try
            {
                var reply = await connection.InvokeCoreAsync<JsonElement>(method, [message]);
                if (reply.GetProperty("error") is not { ValueKind: JsonValueKind.Object } error || error.GetProperty("code").GetString() != "invalidMessage"
                    || string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()))
                    wrong.Add($"{method}({JsonSerializer.Serialize(message)}) replied {reply}");
            }
            catch (Exception e)
            {
                wrong.Add($"{method}({JsonSerializer.Serialize(message)}) failed: {e.Message}");
            }
        }

        var entries = Log.Entries.Skip(logged).ToList();
        Console.WriteLine($"{malformed.Count} malformed calls in {watch.ElapsedMilliseconds} ms; {entries.Count} log entries, {entries.Sum(e => e.Message.Length)} characters.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning || e.Exception is not null);
        Assert.Empty((await workshop.Grain.GetRecord())!.Participants);
        await Joined(connection, workshop.Code);
        Assert.Single((await workshop.Grain.GetRecord())!.Participants);
    }

    [Fact]
    public async Task Joining_a_workshop_that_has_not_started_is_refused_with_workshopNotStarted_and_adds_nobody()
    {
        var grain = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var draft = await grain.Create(new CreateWorkshop("Focus group Postojna", FrameworkId, 1, "facilitator@example.org", "sl"));
        var connection = await Connect();

        var reply = await Join(connection, draft.Code, "Ana");

        Failed("workshopNotStarted", reply);
        Assert.Equal(WorkshopStatus.Draft, draft.Status);
        Assert.Empty((await grain.GetRecord())!.Participants);
        await grain.Start();
        await Joined(connection, draft.Code);
    }

    [Fact]
    public async Task A_name_of_only_invisible_characters_is_no_name_and_bidi_and_control_characters_are_taken_out_of_a_name()
    {
        var workshop = await NewWorkshop();
        var invisible = await Connect();
        var disguised = await Connect();

        var none = ParticipantTokens.ParticipantId(Ok(await Join(invisible, workshop.Code, "\u200B\u200C\u200D\u2060\uFEFF")).GetProperty("token").GetString()!)!.Value;
        var ana = ParticipantTokens.ParticipantId(Ok(await Join(disguised, workshop.Code, "\u202EAna\u0000 \u2066Novak\u2069")).GetProperty("token").GetString()!)!.Value;

        var participants = (await workshop.Grain.GetRecord())!.Participants;
        Assert.Null(participants.Single(p => p.Id == none).DisplayName);
        Assert.Equal("Ana Novak", participants.Single(p => p.Id == ana).DisplayName);
    }

    private static Task ClosedSignal(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
