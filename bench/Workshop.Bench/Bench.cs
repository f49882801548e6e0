using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workshop.Bench;

/// <summary>
/// One benchmark run against a live demo workshop: a display connection, N participants who join, vote twice
/// (the second answer replaces the first), and for a share of them a reconnect with a resend of the last answer.
/// Every wait is bounded; the run ends by itself.
/// </summary>
public sealed class Bench(BenchOptions options)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(500);

    private readonly List<DisplayPush> pushes = [];
    private readonly ConcurrentBag<AckSample> acks = [];
    private readonly ConcurrentBag<Accepted> accepted = [];
    private readonly ConcurrentDictionary<string, int> refusals = new();
    private int callFailures;
    private int resendsSent;
    private int resendsAckedDuplicate;
    private int rejoinsWithOwnAnswer;
    private int retryReplies;
    private int snapshotPushesToParticipants;
    private int displayDrops;
    private volatile bool stopping;
    private HubConnection? display;
    private string displayKey = "";
    private Definition? activity;
    private Definition Activity => activity ?? throw new InvalidOperationException("No activity seen yet.");
    private int round;
    /// <summary>When the measured answers begin: the warm-up phones' answers count in the display's totals, not in the figures.</summary>
    private long measuredFrom;

    private static long Now => Stopwatch.GetTimestamp();
    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public async Task<int> RunAsync()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        await StartDisplay();
        var warmups = await WarmUp();
        var clientCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var (clientPauseStart, clientCollectionsStart) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
        var rssBeforeKb = ServerProcess.StatusKb(options.ServerPid, "VmRSS");
        var serverCpuStart = ServerProcess.CpuSeconds(options.ServerPid);
        var machineStart = ServerProcess.MachineBusySeconds();
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        await using var sampler = new ThreadSampler(options.ServerPid);
        Log($"seed {options.Seed}; server pid {options.ServerPid}; {warmups.Count} warm-up phones; RSS before load {rssBeforeKb / 1024.0:F0} MB");

        // 1. Connect N participants (WebSockets, bounded concurrency).
        var participants = Enumerable.Range(0, options.N).Select(i => new Participant(i, new Random(HashCode.Combine(options.Seed, i)))).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency };
        var connectStart = Now;
        await Parallel.ForEachAsync(participants, parallel, async (p, _) => p.Connection = await Connect());
        var connectEnd = Now;
        Log($"{options.N} connections in {Ms(connectStart, connectEnd):F0} ms");

        // 2. Everyone joins with the code.
        var joinLatencies = new ConcurrentBag<double>();
        var joinEnds = new ConcurrentBag<long>();
        Collect();
        var serverCpuJoinStart = ServerProcess.CpuSeconds(options.ServerPid);
        sampler.Enter("joins");
        var joinStart = Now;
        await Parallel.ForEachAsync(participants, parallel, async (p, _) =>
        {
            var t0 = Now;
            await Join(p);
            var t1 = Now;
            joinLatencies.Add(Ms(t0, t1));
            joinEnds.Add(t1);
        });
        var joinEnd = Now;
        var serverCpuJoins = ServerProcess.CpuSeconds(options.ServerPid) - serverCpuJoinStart;
        var rssAfterJoinsKb = ServerProcess.StatusKb(options.ServerPid, "VmRSS");
        sampler.Leave();
        Log($"{options.N} joins in {Ms(joinStart, joinEnd):F0} ms");

        // 3. The burst: every participant votes, changes the vote, and some reconnect and resend.
        var reconnecting = participants.OrderBy(p => p.Random.Next()).Take((int)Math.Round(options.N * options.ReconnectShare)).ToHashSet();
        Collect();
        var serverCpuVoteStart = ServerProcess.CpuSeconds(options.ServerPid);
        sampler.Enter("votes");
        var voteStart = measuredFrom = Now;
        await Task.WhenAll(participants.Select(p => Task.Run(async () =>
        {
            try
            {
                // With --spread-seconds S the participants start voting at random moments over S seconds (0: all at once).
                if (options.Spread > TimeSpan.Zero) await Task.Delay(TimeSpan.FromMilliseconds(p.Random.NextDouble() * options.Spread.TotalMilliseconds));
                await Vote(p, reconnecting.Contains(p));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref callFailures);
                Log($"participant {p.Index}: {e.GetType().Name}: {e.Message}");
            }
        })));
        var voteEnd = Now;
        var serverCpuVotes = ServerProcess.CpuSeconds(options.ServerPid) - serverCpuVoteStart;
        sampler.Leave();
        var lastAck = accepted.IsEmpty ? voteEnd : accepted.Max(a => a.At);
        Log($"votes done in {Ms(voteStart, voteEnd):F0} ms");

        // 4. The display must come to show exactly the accepted final answers.
        var expectedItems = new Dictionary<Guid, int>();
        foreach (var p in participants.Concat(warmups))
            foreach (var (item, dots) in p.FinalAccepted ?? [])
                expectedItems[item] = expectedItems.GetValueOrDefault(item) + dots;
        var expectedTotal = expectedItems.Values.Sum();
        var expectedRespondents = participants.Concat(warmups).Count(p => p.FinalAccepted is { Count: > 0 });
        var settleStart = Now;
        DisplayPush? last = null;
        var settled = false;
        while (Ms(settleStart, Now) < options.Settle.TotalMilliseconds)
        {
            lock (pushes) last = pushes.Count > 0 ? pushes[^1] : null;
            if (last is not null && last.At > lastAck && last.TotalDots == expectedTotal && last.Respondents == expectedRespondents) { settled = true; break; }
            await Task.Delay(20);
        }
        lock (pushes) last = pushes.Count > 0 ? pushes[^1] : null;
        var observedTotal = last?.TotalDots ?? 0;
        var lost = Math.Max(0, expectedTotal - observedTotal);
        var duplicated = Math.Max(0, observedTotal - expectedTotal);
        var itemMismatches = expectedItems.Keys.Union(last?.Items.Keys ?? Enumerable.Empty<Guid>()).Count(i => expectedItems.GetValueOrDefault(i) != (last?.Items.GetValueOrDefault(i) ?? 0));
        var respondentsSeen = last?.Respondents ?? 0;

        // 5. Vote → display delay (see DisplayDelays).
        var (delays, neverShown) = DisplayDelays();
        var (strictDelays, strictNeverShown) = DisplayDelays(versionAfterAck: true);

        var rssPeakKb = ServerProcess.StatusKb(options.ServerPid, "VmHWM");
        var rssEndKb = ServerProcess.StatusKb(options.ServerPid, "VmRSS");
        var serverCpu = ServerProcess.CpuSeconds(options.ServerPid) - serverCpuStart;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuStart).TotalSeconds;
        var otherCpu = ServerProcess.MachineBusySeconds() - machineStart - serverCpu - clientCpu;
        var runSeconds = Ms(connectStart, Now) / 1000.0;

        stopping = true;
        foreach (var p in participants.Concat(warmups)) await p.Connection.DisposeAsync();
        if (display is not null) await display.DisposeAsync();

        var ackLatencies = acks.Select(a => a.Ms).Order().ToList();
        var newAnswers = acks.Where(a => a.Kind is AnswerKind.First or AnswerKind.Second).Select(a => a.Ms).Order().ToList();
        var resendLatencies = acks.Where(a => a.Kind == AnswerKind.Resend).Select(a => a.Ms).Order().ToList();
        var acceptedNew = accepted.Count(a => a.At >= voteStart);
        var votesPerSecond = acceptedNew / (Ms(voteStart, lastAck) / 1000.0);
        var joinSorted = joinLatencies.Order().ToList();
        var p99 = Percentile(ackLatencies, 99);
        var cpuMsPerJoin = serverCpuJoins * 1000 / options.N;
        var cpuMsPerAnswer = serverCpuVotes * 1000 / Math.Max(1, ackLatencies.Count);
        var kbPerPhone = (rssAfterJoinsKb - rssBeforeKb) / (double)options.N;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"== Workshop benchmark: N={options.N}, SignalR WebSockets over loopback, {Environment.ProcessorCount} cores, seed {options.Seed} ==");
        Row("participants (N)", options.N.ToString(inv));
        Row("connections/s", $"{options.N / (Ms(connectStart, connectEnd) / 1000.0):F0}");
        Row("joins/s", $"{options.N / (Ms(joinStart, joinEnd) / 1000.0):F0}   (join p50 {Percentile(joinSorted, 50):F0} ms, p99 {Percentile(joinSorted, 99):F0} ms)");
        var fifth = Math.Max(1, options.N / 5);
        var ends = joinEnds.Order().ToList();
        Row("  joins/s first / last fifth", $"{fifth / (Ms(joinStart, ends[fifth - 1]) / 1000.0):F0} / {fifth / (Ms(ends[^(fifth + 1)], ends[^1]) / 1000.0):F0}   (server CPU {serverCpuJoins:F1} s in {Ms(joinStart, joinEnd) / 1000.0:F1} s)");
        Row("acknowledged votes/s", $"{votesPerSecond:F0}   ({acceptedNew} accepted new answers in {Ms(voteStart, lastAck):F0} ms{(options.Spread > TimeSpan.Zero ? $", starts spread over {options.Spread.TotalSeconds:F0} s" : ", all at once")}; server CPU {serverCpuVotes:F1} s)");
        Row("ack latency p50 / p99 (ms)", $"{Percentile(ackLatencies, 50):F1} / {p99:F1}   (all {ackLatencies.Count} answer calls; max {ackLatencies.LastOrDefault():F0})");
        Row("  new answers p50 / p99", $"{Percentile(newAnswers, 50):F1} / {Percentile(newAnswers, 99):F1}");
        Row("  resends p50 / p99", $"{Percentile(resendLatencies, 50):F1} / {Percentile(resendLatencies, 99):F1}");
        Row("  new answers per 150 ms of latency", string.Join(' ', Histogram(newAnswers, 150)));
        Row("  p99 by send time, per 500 ms", string.Join(' ', acks.Where(a => a.Kind != AnswerKind.Resend).GroupBy(a => (int)(Ms(voteStart, a.SentAt) / 500))
            .OrderBy(g => g.Key).Select(g => $"{Percentile([.. g.Select(a => a.Ms).Order()], 99):F0}")));
        Row("vote->display p50 / p99 (ms)", $"{Percentile(delays, 50):F0} / {Percentile(delays, 99):F0}   (max {delays.LastOrDefault():F0}; {neverShown} never shown)");
        Row("  version after the ack too", $"{Percentile(strictDelays, 50):F0} / {Percentile(strictDelays, 99):F0}   (max {strictDelays.LastOrDefault():F0}; {strictNeverShown} never shown)");
        Row("lost", lost.ToString(inv));
        Row("duplicated", duplicated.ToString(inv));
        Row("  expected / shown dots", $"{expectedTotal} / {observedTotal}; respondents {expectedRespondents} / {respondentsSeen}; items differing {itemMismatches}; {(settled ? $"settled {Ms(lastAck, last!.At):F0} ms after the last ack" : $"NOT settled within {options.Settle.TotalSeconds:F0} s")}");
        Row("duplicates acked as duplicate", $"{resendsAckedDuplicate} / {resendsSent}");
        Row("rejoins returning the own answer", $"{rejoinsWithOwnAnswer} / {resendsSent}   ({retryReplies} retry replies resent)");
        Row("server CPU ms per join / per answer", $"{cpuMsPerJoin:F2} / {cpuMsPerAnswer:F2}   (answer phase CPU over its {ackLatencies.Count} answer calls, reconnects included)");
        Row("server RSS before / after joins / peak (MB)", $"{rssBeforeKb / 1024.0:F0} / {rssAfterJoinsKb / 1024.0:F0} / {rssPeakKb / 1024.0:F0}   (at end {rssEndKb / 1024.0:F0}; {kbPerPhone:F0} KB per connected phone)");
        // A collection in the client holds every reply it receives: run.sh sets a large allocation budget so that there are few.
        Row("client GC pauses", $"{(GC.GetTotalPauseDuration() - clientPauseStart).TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - clientCollectionsStart} collections");
        Row("CPU s server / client / others", $"{serverCpu:F1} / {clientCpu:F1} / {otherCpu:F1} in {runSeconds:F1} s on {Environment.ProcessorCount} cores (load average before {loadBefore})");
        Row("display pushes", $"{pushes.Count} ({pushes.Count / Math.Max(0.001, Ms(connectStart, Now) / 1000.0):F1}/s); snapshot pushes to participants {snapshotPushesToParticipants}; display drops {displayDrops}");
        Row("refused / failed calls", $"{(refusals.IsEmpty ? "none" : string.Join(", ", refusals.Select(r => $"{r.Key} {r.Value}")))} / {callFailures}");
        Row("target (none lost or duplicated, p99 ack < " + options.TargetP99Ms.ToString(inv) + " ms)", lost == 0 && duplicated == 0 && itemMismatches == 0 && p99 < options.TargetP99Ms ? "MET" : "MISSED");
        foreach (var line in sampler.Report()) Row("server threads", line);
        Console.WriteLine($"RESULT n={options.N} other_cpu_s={otherCpu:F1} spread_s={options.Spread.TotalSeconds:F0} joins_per_s={options.N / (Ms(joinStart, joinEnd) / 1000.0):F0} join_p99_ms={Percentile(joinSorted, 99):F1} votes_per_s={votesPerSecond:F0} ack_p50_ms={Percentile(ackLatencies, 50):F1} ack_p99_ms={p99:F1} display_p50_ms={Percentile(delays, 50):F0} display_p99_ms={Percentile(delays, 99):F0} lost={lost} duplicated={duplicated} dup_acked={resendsAckedDuplicate}/{resendsSent} mine_restored={rejoinsWithOwnAnswer}/{resendsSent} cpu_ms_per_join={cpuMsPerJoin:F2} cpu_ms_per_answer={cpuMsPerAnswer:F2} kb_per_phone={kbPerPhone:F0} rss_before_mb={rssBeforeKb / 1024.0:F0} rss_peak_mb={rssPeakKb / 1024.0:F0}");

        var wrong = lost > 0 || duplicated > 0 || itemMismatches > 0 || respondentsSeen != expectedRespondents;
        var incomplete = CallsWentWrong || expectedRespondents != options.N + warmups.Count;
        return wrong ? 1 : incomplete ? 2 : 0;
    }

    /// <summary>
    /// Before the room: <see cref="BenchOptions.WarmupPhones"/> phones (default one: the facilitator's test phone) join, vote twice,
    /// reconnect, rejoin and resend, so that every server meets the plenary with its code paths compiled (the product compiles
    /// each method fully at its first call). Their answers stay in the display's totals; their latencies are not measured.
    /// </summary>
    private async Task<List<Participant>> WarmUp()
    {
        var phones = Enumerable.Range(1, options.WarmupPhones).Select(i => new Participant(-i, new Random(HashCode.Combine(options.Seed, -i)))).ToList();
        foreach (var p in phones)
        {
            p.Connection = await Connect();
            await Join(p);
            await Vote(p, reconnect: true);
        }
        if (CallsWentWrong)
            throw new InvalidOperationException($"The warm-up went wrong: {callFailures} failed calls, refusals [{string.Join(", ", refusals.Select(r => $"{r.Key} {r.Value}"))}], " +
                $"{resendsAckedDuplicate} of {resendsSent} resends acknowledged as duplicates, {rejoinsWithOwnAnswer} rejoins returning the own answer.");
        acks.Clear();
        (resendsSent, resendsAckedDuplicate, rejoinsWithOwnAnswer) = (0, 0, 0);
        return phones;
    }

    /// <summary>A call failed or was refused, a resend was not acknowledged as a duplicate, or a rejoin did not return the phone's own answer.</summary>
    private bool CallsWentWrong => callFailures > 0 || !refusals.IsEmpty || resendsAckedDuplicate != resendsSent || rejoinsWithOwnAnswer != resendsSent;

    /// <summary>The client collects its garbage between the phases, so that (with run.sh's large allocation budget) no collection stops its connections within one.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private async Task Join(Participant p)
    {
        var reply = await p.Connection.InvokeAsync<Reply<JoinReply>>("Join", new JoinMessage(options.Code, null, "en")).WaitAsync(CallTimeout);
        if (!reply.Ok) throw new InvalidOperationException($"join refused: {reply.Error?.Code} {reply.Error?.Message}");
        p.Token = reply.Value!.Token;
        p.LastVersion = reply.Value.Workshop.Version;
    }

    private void TakeActivity(Snapshot snapshot)
    {
        if (snapshot.Current is not { Status: "open", Definition.Kind: "dotVote" } current)
            throw new InvalidOperationException("The demo workshop's current activity is not an open dot vote; start the server with a fresh database.");
        if (current.Definition.DotBudget < 2 || current.Items.Count == 0) throw new InvalidOperationException("The dot vote needs a budget of at least 2.");
        activity = current.Definition with { Items = current.Items.Select(i => i.Id).ToList() };
        round = current.Round;
    }

    private HubConnection Build() =>
        new HubConnectionBuilder()
            .WithUrl(options.Url + "/hubs/workshop", HttpTransportType.WebSockets, o => o.HttpMessageHandlerFactory = _ => new SharedHandler(Negotiation))
            .Build();

    /// <summary>One pool for every connection's negotiate request: a handler per connection would keep thousands of idle sockets open.</summary>
    private static readonly SocketsHttpHandler Negotiation = new();

    /// <summary>Lends the shared pool to one connection's HttpClient, which disposes its handler with itself.</summary>
    private sealed class SharedHandler(HttpMessageHandler shared) : DelegatingHandler(shared)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    private async Task<HubConnection> Connect()
    {
        var connection = Build();
        connection.On<Snapshot>("snapshot", _ => Interlocked.Increment(ref snapshotPushesToParticipants));
        using var timeout = new CancellationTokenSource(CallTimeout);
        await connection.StartAsync(timeout.Token);
        return connection;
    }

    private async Task StartDisplay()
    {
        for (var attempt = 1; ; attempt++)
        {
            displayKey = (await File.ReadAllTextAsync(options.KeyFile)).Trim();
            display = Build();
            display.On<Snapshot>("display", snapshot => Record(snapshot));
            display.Closed += async _ =>
            {
                if (stopping) return;
                // A dropped display watches again; pushes missed meanwhile only make the measured delays longer.
                if (Interlocked.Increment(ref displayDrops) <= MaxAttempts) await StartDisplay();
            };
            using var timeout = new CancellationTokenSource(CallTimeout);
            await display.StartAsync(timeout.Token);
            if (attempt == 1 && displayDrops == 0)
            {
                // The display channel must refuse a wrong key.
                var wrong = await display.InvokeAsync<Reply<Snapshot>>("WatchDisplay", new DisplayMessage(options.WorkshopId, "not-the-key"), timeout.Token);
                if (wrong.Ok || wrong.Error?.Code != "invalidToken") throw new InvalidOperationException($"watchDisplay did not refuse a wrong key with invalidToken ({wrong.Error?.Code ?? "ok"}).");
            }
            var reply = await display.InvokeAsync<Reply<Snapshot>>("WatchDisplay", new DisplayMessage(options.WorkshopId, displayKey), timeout.Token);
            if (reply.Ok)
            {
                if (activity is null) TakeActivity(reply.Value!);
                Record(reply.Value!);
                return;
            }
            await display.DisposeAsync();
            if (attempt >= MaxAttempts) throw new InvalidOperationException($"watchDisplay refused: {reply.Error?.Code} {reply.Error?.Message}");
            await Task.Delay(500);
        }
    }

    private void Record(Snapshot snapshot)
    {
        var at = Now;
        var items = snapshot.Current?.Results?.DotVote?.Items.ToDictionary(i => i.Item, i => i.Dots) ?? [];
        lock (pushes) pushes.Add(new DisplayPush(at, snapshot.Version, snapshot.TotalDots, snapshot.Respondents, items));
    }

    private async Task Vote(Participant p, bool reconnect)
    {
        // Every answer holds more dots than the participant's previous one, so each accepted answer raises the
        // displayed total by at least one dot: the display's totals only grow, which the delay measure relies on.
        var firstTotal = p.Random.Next(1, Activity.DotBudget);
        var first = RandomDots(p.Random, firstTotal);
        var second = RandomDots(p.Random, p.Random.Next(firstTotal + 1, Activity.DotBudget + 1));
        var secondId = Guid.NewGuid().ToString();
        await Send(p, first, Guid.NewGuid().ToString(), AnswerKind.First);
        await Send(p, second, secondId, AnswerKind.Second);
        if (!reconnect) return;
        await p.Connection.DisposeAsync();
        var mine = await Reconnect(p);
        // Rejoin returns the participant's own answers (issue 10): the one acknowledged last is among them.
        if (mine.Answers.Any(a => a.ClientId == p.FinalClientId && a.ActivityId == Activity.Id)) Interlocked.Increment(ref rejoinsWithOwnAnswer);
        Interlocked.Increment(ref resendsSent);
        await Send(p, second, secondId, AnswerKind.Resend);
    }

    private Dictionary<string, int> RandomDots(Random random, int total)
    {
        var dots = new Dictionary<Guid, int>();
        while (dots.Values.Sum() < total)
        {
            var item = Activity.Items[random.Next(Activity.Items.Count)];
            if (dots.GetValueOrDefault(item) < Activity.MaxDotsPerItem) dots[item] = dots.GetValueOrDefault(item) + 1;
        }
        return dots.ToDictionary(d => d.Key.ToString(), d => d.Value);
    }

    private async Task<Mine> Reconnect(Participant p)
    {
        p.Connection = await Connect();
        var reply = await p.Connection.InvokeAsync<Reply<RejoinReply>>("Rejoin", new RejoinMessage(p.Token, p.LastVersion)).WaitAsync(CallTimeout);
        if (!reply.Ok) throw new InvalidOperationException($"rejoin refused: {reply.Error?.Code} {reply.Error?.Message}");
        if (reply.Value?.Workshop is { } snapshot) p.LastVersion = snapshot.Version;
        return reply.Value?.Mine ?? throw new InvalidOperationException("rejoin replied without the participant's own data ({ workshop, mine }, issue 10); run with --reconnect-share 0 against a server without it.");
    }

    /// <summary>
    /// Sends one answer until it is acknowledged, at most <see cref="MaxAttempts"/> tries, always with the same client id:
    /// a failed call reconnects first, a <c>retry</c> reply waits 0.5 s, 1 s, 2 s, ... first.
    /// </summary>
    private async Task Send(Participant p, Dictionary<string, int> dots, string clientId, AnswerKind kind)
    {
        var message = new AnswerMessage(Activity.Id, round, clientId, dots);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Reply<Ack> reply;
            var t0 = Now;
            try
            {
                reply = await p.Connection.InvokeAsync<Reply<Ack>>("Answer", message).WaitAsync(CallTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref callFailures);
                Log($"participant {p.Index}: answer call failed ({e.GetType().Name}: {e.Message}); reconnecting");
                try { await p.Connection.DisposeAsync(); await Reconnect(p); } catch (Exception again) { Log($"participant {p.Index}: reconnect failed: {again.Message}"); }
                continue;
            }
            var at = Now;
            if (reply.Error?.Code == "retry")
            {
                // The outcome is unknown (issue 10): resend the same client id after a backoff, as the phone does.
                Interlocked.Increment(ref retryReplies);
                await Task.Delay(RetryBackoff * (1 << (attempt - 1)));
                continue;
            }
            acks.Add(new AckSample(kind, t0, Ms(t0, at)));
            if (!reply.Ok) { refusals.AddOrUpdate(reply.Error?.Code ?? "?", 1, (_, n) => n + 1); return; }
            var ack = reply.Value!;
            if (!ack.Accepted) { refusals.AddOrUpdate(ack.Error ?? "?", 1, (_, n) => n + 1); return; }
            if (kind == AnswerKind.Resend)
            {
                if (ack.Duplicate) Interlocked.Increment(ref resendsAckedDuplicate);
                return;
            }
            // A new answer, or (duplicate after a failed try) one stored by the try whose reply was lost: it counts once, now.
            var dotsBefore = p.FinalAccepted?.Values.Sum() ?? 0;
            var respondentBefore = p.FinalAccepted is { Count: > 0 } ? 1 : 0;
            p.FinalAccepted = dots.ToDictionary(d => Guid.Parse(d.Key), d => d.Value);
            p.FinalClientId = clientId;
            accepted.Add(new Accepted(at, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), dots.Values.Sum() - dotsBefore, 1 - respondentBefore));
            return;
        }
        refusals.AddOrUpdate($"NoAckAfter{MaxAttempts}Tries", 1, (_, n) => n + 1);
    }

    /// <summary>
    /// For each accepted answer, acknowledged at time t: the time from t to the first display push received after t whose
    /// total dots and respondents are at least the sums over all answers acknowledged up to t. Every accepted answer raises
    /// the total (see <see cref="Vote"/>), so such a push shows as much as all acknowledged answers add up to; it waits for
    /// the slowest earlier answer too, which errs towards a longer delay. (It could err shorter only if answers not yet
    /// acknowledged at t were shown in place of acknowledged ones missing, which the final equality check rules out for the end state.)
    /// With <paramref name="versionAfterAck"/> the push's version must also be newer than the ack's wall-clock time (the workshop's
    /// versions are at least its clock in Unix milliseconds): stricter still, since an answer's delta often reaches the tally before
    /// its ack reaches the phone, and then only a later change qualifies (or none, for the last answers: "never shown").
    /// </summary>
    private (List<double> Delays, int NeverShown) DisplayDelays(bool versionAfterAck = false)
    {
        List<DisplayPush> shown;
        lock (pushes) shown = [.. pushes];
        var delays = new List<double>();
        var neverShown = 0;
        long dots = 0, respondents = 0;
        var next = 0;
        foreach (var answer in accepted.OrderBy(a => a.At))
        {
            dots += answer.Dots;
            respondents += answer.Respondents;
            // Times and sums only grow along the acks, so the push sought never lies before the previous one's.
            while (next < shown.Count && (shown[next].At <= answer.At || shown[next].TotalDots < dots || shown[next].Respondents < respondents
                       || (versionAfterAck && shown[next].Version <= answer.AtUnixMs))) next++;
            if (answer.At < measuredFrom) continue;
            if (next < shown.Count) delays.Add(Ms(answer.At, shown[next].At));
            else neverShown++;
        }
        delays.Sort();
        return (delays, neverShown);
    }

    /// <summary>Counts per bin of <paramref name="width"/> ms, up to the last non-empty bin (a profile of where the latency falls).</summary>
    private static IEnumerable<int> Histogram(List<double> sorted, double width)
    {
        if (sorted.Count == 0) return [];
        var bins = new int[(int)(sorted[^1] / width) + 1];
        foreach (var ms in sorted) bins[(int)(ms / width)]++;
        return bins;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void Row(string name, string value) => Console.WriteLine($"{name,-36} {value}");

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss.fff}] {message}");

    private sealed class Participant(int index, Random random)
    {
        public int Index { get; } = index;
        public Random Random { get; } = random;
        public HubConnection Connection { get; set; } = null!;
        public string Token { get; set; } = "";
        public long LastVersion { get; set; }
        public Dictionary<Guid, int>? FinalAccepted { get; set; }
        public string? FinalClientId { get; set; }
    }

    private enum AnswerKind { First, Second, Resend }

    private sealed record AckSample(AnswerKind Kind, long SentAt, double Ms);

    private sealed record Accepted(long At, long AtUnixMs, int Dots, int Respondents);

    private sealed record DisplayPush(long At, long Version, int TotalDots, int Respondents, Dictionary<Guid, int> Items);
}
