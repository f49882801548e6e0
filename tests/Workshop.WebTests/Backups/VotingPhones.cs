using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Backups;

/// <summary>
/// Phones answering an open dot vote again and again through the real SignalR client, each answer numbered in its client id
/// and its acknowledgement timed, so that a restored database can be checked for every answer acknowledged before a moment.
/// </summary>
public sealed class VotingPhones : IAsyncDisposable
{
    // Four answers a second per phone: under the answer rate a participant is allowed (5 a second).
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<(int Phone, int Number, long At)> acks = new();
    private readonly ConcurrentQueue<string> refusals = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<HubConnection> connections = [];
    private readonly List<string> tokens = [];
    private readonly List<Task> loops = [];
    private ActivityDefinition vote = default!;
    private ImmutableList<Guid> items = [];

    public static async Task<VotingPhones> Start(WorkshopApp app, Uri address, int phones)
    {
        var voting = new VotingPhones();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var workshop = grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Focus group Ljubljana", "community-network-coordinator", 1, "facilitator@example.org", "en"));
        voting.items = (await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items
            .Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id).ToImmutableList();
        voting.vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), voting.items);
        await workshop.AddActivity(voting.vote);
        await workshop.OpenActivity(voting.vote.Id);
        for (var phone = 0; phone < phones; phone++)
        {
            var connection = Phones.Connection(address);
            voting.connections.Add(connection);
            await connection.StartAsync();
            var joined = Phones.Ok(await connection.InvokeAsync<JsonElement>("join", new { code = created.Code, language = "en" }));
            voting.tokens.Add(joined.GetProperty("token").GetString()!);
        }
        for (var phone = 0; phone < phones; phone++) voting.loops.Add(voting.Answer(phone, firstAfter: Interval * phone / phones));
        return voting;
    }

    /// <summary>Answer number <paramref name="number"/> of every phone: its dots, one or two on one of the four items.</summary>
    private ImmutableDictionary<Guid, int> Dots(int number) => ImmutableDictionary<Guid, int>.Empty.Add(items[number % 4], 1 + number % 2);

    /// <summary>One phone's answers; the phones start <paramref name="firstAfter"/> apart, so that acknowledgements arrive evenly rather than in bursts.</summary>
    private async Task Answer(int phone, TimeSpan firstAfter)
    {
        await Task.Delay(firstAfter);
        for (var number = 1; !stop.IsCancellationRequested; number++)
        {
            var dots = Dots(number).ToDictionary(d => d.Key.ToString(), d => d.Value);
            var reply = await connections[phone].InvokeAsync<JsonElement>("answer", new { activityId = vote.Id, round = 1, clientId = $"{phone}-{number}", dots });
            var at = Stopwatch.GetTimestamp();
            if (reply.GetProperty("ok").GetBoolean() && reply.GetProperty("value").GetProperty("accepted").GetBoolean()) acks.Enqueue((phone, number, at));
            else refusals.Enqueue(reply.ToString());
            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits until the phones have had <paramref name="count"/> answers acknowledged: the vote is under way.</summary>
    public async Task UnderWay(int count)
    {
        var watch = Stopwatch.StartNew();
        while (acks.Count < count)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Only {acks.Count} answers were acknowledged in 20 s; refused: {string.Join("; ", refusals)}");
            await Task.Delay(50);
        }
    }

    /// <summary>How many answers were acknowledged between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public int AcknowledgedBetween(long from, long to) => acks.Count(a => a.At > from && a.At < to);

    /// <summary>
    /// Every answer acknowledged before <paramref name="backupStarted"/> is in the restored database: each phone's stored answer is
    /// its last one acknowledged before then, or a later one, with exactly the dots it sent.
    /// </summary>
    public async Task AssertRestored(IGrainFactory restored, long backupStarted)
    {
        Assert.Empty(refusals);
        var before = acks.Where(a => a.At < backupStarted).GroupBy(a => a.Phone).ToDictionary(g => g.Key, g => g.Max(a => a.Number));
        Assert.Equal(tokens.Count, before.Count);
        foreach (var (phone, number) in before)
        {
            var participant = restored.GetGrain<IParticipantGrain>(ParticipantTokens.ParticipantId(tokens[phone])!.Value);
            var answer = Assert.Single(await participant.GetAnswers(), r => r.Answer.ActivityId == vote.Id).Answer;
            var storedNumber = int.Parse(answer.ClientId.Split('-')[1]);
            Assert.True(storedNumber >= number, $"Phone {phone}'s answer {number} was acknowledged before the backup started, but the restored answer is {storedNumber}.");
            Assert.Equal($"{phone}-{storedNumber}", answer.ClientId);
            Assert.Equal(Dots(storedNumber), answer.Dots!);
        }
    }

    /// <summary>Stops answering and waits for the answers on their way.</summary>
    public async Task Stop()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        foreach (var connection in connections) await connection.DisposeAsync();
        stop.Dispose();
    }
}
