using System.Collections.Immutable;
using System.Diagnostics;
using Workshop.Grains.Workshops;
using Xunit.Abstractions;

namespace Workshop.WebTests.Cluster;

/// <summary>
/// Issue 10's fault tests: two silos and the web app as real processes (<see cref="ProcessCluster"/>), 100 phones voting
/// continuously and a display; one process is killed hard in the middle of the vote. The room should barely notice: no
/// answer lost or to be given again, answers accepted and the display back within 3 s, the live tally and the close exact.
/// The figures are printed with the test's output.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private const int PhoneCount = 100;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(3);
    /// <summary>The target plus the contract's backoff step at that point (2 s): a phone whose resend just missed the recovery waits that long.</summary>
    private static readonly TimeSpan EveryPhoneTarget = Target + TimeSpan.FromSeconds(2);
    /// <summary>How long the phones go on voting once the cluster is whole again (or should be).</summary>
    private static readonly TimeSpan VotingAfterFault = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Killing_the_silo_that_holds_the_workshop_loses_no_answer_and_the_room_is_back_within_3_s()
    {
        await using var cluster = await ProcessCluster.Start(Print);
        await using var room = await Voting(cluster);

        var holder = await cluster.SiloHolding(cluster.Workshop);
        await holder.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        Print($"killed the silo on port {holder.SiloPort}, which held the workshop, after {room.Phones.Sum(p => p.Acks.Count)} acknowledged answers");
        var declaredDead = cluster.ActiveSilos(1, patience: TimeSpan.FromSeconds(60));

        await Task.Delay(VotingAfterFault);
        Print($"the kill -> the cluster's membership without the killed silo: {Ms(killedAt, await declaredDead):F0} ms");
        await TheRoomBarelyNoticed(cluster, room, killedAt, "the kill");
    }

    [Fact]
    public async Task Killing_the_web_node_and_restarting_it_on_its_port_loses_no_answer_and_the_phones_carry_on()
    {
        await using var cluster = await ProcessCluster.Start(Print);
        await using var room = await Voting(cluster);

        long killedAt = 0;
        await cluster.RestartWeb(killed: () => killedAt = Stopwatch.GetTimestamp());
        var backAt = Stopwatch.GetTimestamp();
        Print($"killed the web node; healthy again on the same port {Ms(killedAt, backAt):F0} ms after the kill");

        await Task.Delay(VotingAfterFault);
        // The restart's own time is the process's start, not the room's recovery: the targets count from the web node's return.
        await TheRoomBarelyNoticed(cluster, room, backAt, "the web node's return");
    }

    /// <summary>The phones joined and voting, the display watching, a few answers from each phone acknowledged.</summary>
    private async Task<VotingRoom> Voting(ProcessCluster cluster)
    {
        var room = await VotingRoom.Open(cluster, PhoneCount);
        try
        {
            Print($"{PhoneCount} phones joined, the display watches");
            room.StartVoting();
            await room.UnderWay(count: 3 * PhoneCount);
            return room;
        }
        catch
        {
            await room.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the voting, prints the figures and checks every target (all of them, so that one run shows every miss).</summary>
    private async Task TheRoomBarelyNoticed(ProcessCluster cluster, VotingRoom room, long since, string sinceWhat)
    {
        await room.StopVoting();
        Print("voting stopped; every phone's last answer acknowledged or refused");
        var expected = room.AcknowledgedTally();
        var lastAckAt = room.LastAckAt;
        var firstAck = room.FirstAckAfter(since);
        var everyPhoneAcked = room.EveryPhoneAckedAfter(since);
        var firstSnapshot = room.Display.FirstAfter(since);
        var tallyExactAt = await room.DisplayShows(expected, patience: TimeSpan.FromSeconds(10));
        var shown = room.Display.Snapshots[^1].Tally;
        var gap = room.LongestGap();
        var notStored = await room.NotStoredAsAcknowledged(cluster.Grains);
        Print("display compared, stored answers read");

        await cluster.Workshop.CloseActivity(room.Vote.ActivityId);
        var closed = (await cluster.Workshop.GetState())!.Activity(room.Vote.ActivityId)!.ClosedRounds[^1].DotVote!;
        var closedTally = closed.Items.ToImmutableDictionary(i => i.Item, i => i.Dots);
        var respondents = room.Phones.Count(p => p.LastAck is not null);

        var phones = room.Phones;
        Print($"{phones.Count} phones: {phones.Sum(p => p.Acks.Count)} answers acknowledged ({phones.Sum(p => p.Acks.Count(a => a.Duplicate))} as duplicates of a resend), " +
              $"{phones.Sum(p => p.RetryReplies)} retry replies, {phones.Sum(p => p.ServerErrorReplies)} serverError replies ({phones.Sum(p => p.StoredDespiteServerError)} of stored answers), {phones.Sum(p => p.FailedCalls)} failed calls, " +
              $"{phones.Sum(p => p.Refusals.Count)} refusals ({string.Join(", ", phones.SelectMany(p => p.Refusals).CountBy(c => c).Select(c => $"{c.Key} {c.Value}"))})");
        Print($"{sinceWhat} -> first acknowledged answer: {Figure(since, firstAck)}");
        Print($"{sinceWhat} -> every phone had an answer acknowledged: {Figure(since, everyPhoneAcked)}");
        Print($"longest time between two acknowledgements of one phone: {gap.Ms:F0} ms (phone {gap.Phone})");
        Print($"{sinceWhat} -> first display snapshot: {Figure(since, firstSnapshot?.At)}");
        Print(tallyExactAt is { } exactAt
            ? $"display tally equals the acknowledged answers: {Ms(since, exactAt):F0} ms after {sinceWhat}, {Math.Max(0, Ms(lastAckAt, exactAt)):F0} ms after the last acknowledgement"
            : $"display tally never equalled the acknowledged answers within 10 s of the last acknowledgement: shown [{DotVote.Describe(shown)}], acknowledged [{DotVote.Describe(expected)}], " +
              $"{expected.Keys.Union(shown.Keys).Count(i => expected.GetValueOrDefault(i) != shown.GetValueOrDefault(i))} items differ");
        Print($"acknowledged answers not stored as acknowledged: {notStored.Count}; close: {closed.TotalDots} dots from {closed.Respondents} respondents " +
              $"(acknowledged: {expected.Values.Sum()} from {respondents})");

        Assert.Multiple(
            () => Assert.True(notStored.Count == 0, $"Acknowledged answers lost: {string.Join("; ", notStored.Take(10))}"),
            () => Assert.True(DotVote.Same(closedTally, expected) && closed.Respondents == respondents,
                $"The close is not exact: [{DotVote.Describe(closedTally)}] from {closed.Respondents}, acknowledged [{DotVote.Describe(expected)}] from {respondents}."),
            () => Assert.True(phones.All(p => p.Refusals.Count == 0), $"Answers refused, to be given again by hand: {string.Join(", ", phones.SelectMany(p => p.Refusals).Distinct())}"),
            () => Assert.True(phones.Sum(p => p.ServerErrorReplies) == 0,
                $"{phones.Sum(p => p.ServerErrorReplies)} answers were answered serverError (\"not stored\") for an unknown outcome; the contract says retry."),
            () => Assert.True(firstAck is { } a && Stopwatch.GetElapsedTime(since, a) <= Target, $"No answer was accepted within 3 s of {sinceWhat}: {Figure(since, firstAck)}."),
            () => Assert.True(everyPhoneAcked is { } e && Stopwatch.GetElapsedTime(since, e) <= EveryPhoneTarget,
                $"Not every phone had an answer accepted within 5 s of {sinceWhat}: {Figure(since, everyPhoneAcked)}."),
            () => Assert.True(firstSnapshot is { } s && Stopwatch.GetElapsedTime(since, s.At) <= Target, $"The display received no snapshot within 3 s of {sinceWhat}: {Figure(since, firstSnapshot?.At)}."),
            () => Assert.True(tallyExactAt is { } t && Stopwatch.GetElapsedTime(lastAckAt, t) <= Target,
                $"The display's live tally did not equal the acknowledged answers within 3 s of the last acknowledgement: {(tallyExactAt is { } at ? $"{Ms(lastAckAt, at):F0} ms" : "not within 10 s")}."));
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static string Figure(long from, long? to) => to is { } at ? $"{Ms(from, at):F0} ms" : "none";

    private void Print(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {line}");
}
