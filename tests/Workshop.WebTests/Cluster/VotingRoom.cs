using System.Collections.Immutable;
using System.Diagnostics;
using Workshop.Grains.Workshops;
using Workshop.Web.Workshops;

namespace Workshop.WebTests.Cluster;

/// <summary>The demo workshop's room: phones voting on its open dot vote and a display watching it, all on one cluster's web app.</summary>
public sealed class VotingRoom : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> voting = [];

    private VotingRoom(IReadOnlyList<VotingPhone> phones, DisplayScreen display)
    {
        Phones = phones;
        Display = display;
    }

    public IReadOnlyList<VotingPhone> Phones { get; }

    public DisplayScreen Display { get; }

    public DotVote Vote => Phones[0].Activity;

    public static async Task<VotingRoom> Open(ProcessCluster cluster, int phones)
    {
        var joined = new VotingPhone[phones];
        await Parallel.ForEachAsync(Enumerable.Range(0, phones), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => joined[i] = await VotingPhone.Join(cluster.Web.BaseAddress, DemoWorkshop.Code, i));
        return new VotingRoom(joined, await DisplayScreen.Start(cluster.Web.BaseAddress, DemoWorkshop.WorkshopId, cluster.DisplayKey));
    }

    public void StartVoting() => voting.AddRange(Phones.Select(p => Task.Run(() => p.Vote(stop.Token))));

    /// <summary>Waits until <paramref name="count"/> answers are acknowledged: the vote is under way.</summary>
    public async Task UnderWay(int count)
    {
        var watch = Stopwatch.StartNew();
        while (Phones.Sum(p => p.Acks.Count) < count)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Only {Phones.Sum(p => p.Acks.Count)} answers were acknowledged in 30 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>No phone starts a new answer; returns when every phone's last answer is acknowledged or refused.</summary>
    public async Task StopVoting()
    {
        await stop.CancelAsync();
        await Task.WhenAll(voting).WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>The sum of every phone's last acknowledged answer: what the live tally and the close must show.</summary>
    public ImmutableDictionary<Guid, int> AcknowledgedTally() =>
        Phones.SelectMany(p => p.LastAck?.Dots ?? ImmutableDictionary<Guid, int>.Empty)
            .GroupBy(d => d.Key).ToImmutableDictionary(g => g.Key, g => g.Sum(d => d.Value));

    public long LastAckAt => Phones.Max(p => p.LastAck?.At ?? 0);

    /// <summary>The first acknowledgement any phone received after <paramref name="timestamp"/>, or null.</summary>
    public long? FirstAckAfter(long timestamp) =>
        Phones.SelectMany(p => p.Acks).Where(a => a.At > timestamp).Select(a => (long?)a.At).Min();

    /// <summary>When the last phone to do so had an answer acknowledged after <paramref name="timestamp"/>, or null when a phone had none.</summary>
    public long? EveryPhoneAckedAfter(long timestamp) => Phones
        .Select(p => p.Acks.Where(a => a.At > timestamp).Select(a => (long?)a.At).Min())
        .Aggregate((long?)0, (latest, at) => latest is null || at is null ? null : Math.Max(latest.Value, at.Value));

    /// <summary>The longest time between two acknowledgements of one phone (ms), and the phone's index.</summary>
    public (double Ms, int Phone) LongestGap() => Phones
        .Select((p, i) => (Ms: p.Acks.Zip(p.Acks.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.At, b.At).TotalMilliseconds).DefaultIfEmpty().Max(), Phone: i))
        .MaxBy(g => g.Ms);

    /// <summary>Waits up to <paramref name="patience"/> after the last acknowledgement for the display to show <paramref name="tally"/>; when its shown tally began to equal it.</summary>
    public async Task<long?> DisplayShows(ImmutableDictionary<Guid, int> tally, TimeSpan patience)
    {
        while (Stopwatch.GetElapsedTime(LastAckAt) < patience && !DotVote.Same(Display.Snapshots[^1].Tally, tally)) await Task.Delay(50);
        var snapshots = Display.Snapshots;
        if (!DotVote.Same(snapshots[^1].Tally, tally)) return null;
        // The start of the last run of snapshots that show it.
        var first = snapshots.Count - 1;
        while (first > 0 && DotVote.Same(snapshots[first - 1].Tally, tally)) first--;
        return snapshots[first].At;
    }

    /// <summary>The phones whose stored answer is not their last acknowledged one, as text: acknowledged answers that were lost.</summary>
    public async Task<IReadOnlyList<string>> NotStoredAsAcknowledged(IGrainFactory grains)
    {
        var wrong = new List<string>();
        foreach (var (phone, index) in Phones.Select((p, i) => (p, i)))
        {
            var participant = grains.GetGrain<IParticipantGrain>(ParticipantTokens.ParticipantId(phone.Token)!.Value);
            var stored = (await participant.GetAnswers()).Select(r => r.Answer).SingleOrDefault(a => a.ActivityId == Vote.ActivityId && a.Round == Vote.Round);
            var acknowledged = phone.LastAck;
            if (stored?.ClientId != acknowledged?.ClientId || !DotVote.Same(stored?.Dots ?? ImmutableDictionary<Guid, int>.Empty, acknowledged?.Dots ?? ImmutableDictionary<Guid, int>.Empty))
                wrong.Add($"phone {index}: acknowledged {acknowledged?.ClientId ?? "nothing"}, stored {stored?.ClientId ?? "nothing"}");
        }
        return wrong;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        foreach (var phone in Phones) await phone.DisposeAsync();
        await Display.DisposeAsync();
        stop.Dispose();
    }
}
