using Workshop.Web.Workshops;
using static Workshop.Web.Workshops.WatchRules;

namespace Workshop.WebTests.Workshops;

/// <summary>When the feed lets a workshop go, subscribes to it again or renews: the plain rules, with the time passed in.</summary>
public sealed class WatchRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    /// <summary>Watched by one lease, its first subscription done at <see cref="Start"/>.</summary>
    private static WatchRules Watched()
    {
        var rules = new WatchRules(Start, Linger);
        Assert.True(rules.Lease());
        rules.Subscribed(Start);
        rules.Idle();
        return rules;
    }

    private static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    [Fact]
    public void Nothing_is_due_while_the_first_subscription_is_on_its_way()
    {
        var rules = new WatchRules(Start, Linger);
        Assert.True(rules.Lease());

        Assert.Equal(Chore.None, rules.Due(At(30)));
    }

    [Fact]
    public void A_workshop_heard_from_every_second_needs_nothing_and_is_renewed_every_20_s()
    {
        var rules = Watched();
        for (var second = 1; second < 20; second++)
        {
            rules.Heartbeat(7, At(second));
            Assert.Equal(Chore.None, rules.Due(At(second + 0.5)));
        }
        rules.Snapshot(8, At(19.9));

        Assert.Equal(Chore.Renew, rules.Due(At(20)));
    }

    [Fact]
    public void Two_seconds_without_a_snapshot_or_heartbeat_call_for_one_resubscription_at_a_time()
    {
        var rules = Watched();
        rules.Heartbeat(7, At(1));

        Assert.Equal(Chore.None, rules.Due(At(2.9)));
        Assert.Equal(Chore.Resync, rules.Due(At(3)));
        Assert.Equal(Chore.None, rules.Due(At(4)));
        rules.Idle();
        Assert.Equal(Chore.Resync, rules.Due(At(4)));
    }

    [Fact]
    public void A_snapshot_after_the_resubscription_ends_the_silence()
    {
        var rules = Watched();
        Assert.Equal(Chore.Resync, rules.Due(At(2)));
        rules.Subscribed(At(2.1));
        rules.Snapshot(9, At(2.2));
        rules.Idle();

        Assert.Equal(Chore.None, rules.Due(At(3)));
    }

    [Fact]
    public void A_failed_call_is_tried_again_half_a_second_later()
    {
        var rules = Watched();
        Assert.Equal(Chore.Resync, rules.Due(At(2)));
        rules.Failed(At(2.1));
        rules.Idle();

        Assert.Equal(Chore.None, rules.Due(At(2.5)));
        Assert.Equal(Chore.Resync, rules.Due(At(2.6)));
    }

    [Fact]
    public void A_heartbeat_newer_than_the_last_snapshot_calls_for_the_snapshot_at_once()
    {
        var rules = Watched();
        rules.Snapshot(5, At(0.5));
        rules.Heartbeat(5, At(1));
        Assert.Equal(Chore.None, rules.Due(At(1.1)));

        rules.Heartbeat(6, At(1.2));

        Assert.Equal(Chore.Resync, rules.Due(At(1.3)));
    }

    [Fact]
    public void The_first_heartbeat_before_any_snapshot_only_tells_the_version()
    {
        var rules = Watched();

        rules.Heartbeat(5, At(1));

        Assert.Equal(Chore.None, rules.Due(At(1.1)));
    }

    [Fact]
    public void A_workshop_is_let_go_a_linger_after_its_last_lease_and_then_takes_no_lease()
    {
        var rules = Watched();
        Assert.True(rules.Lease());
        rules.Return(At(1));
        rules.Heartbeat(5, At(1));
        Assert.Equal(Chore.None, rules.Due(At(1.5)));
        rules.Return(At(2));
        rules.Heartbeat(5, At(3));

        Assert.Equal(Chore.None, rules.Due(At(3.5)));
        Assert.Equal(Chore.Release, rules.Due(At(12)));
        Assert.False(rules.Lease());
    }

    [Fact]
    public void A_lease_taken_within_the_linger_keeps_the_workshop()
    {
        var rules = Watched();
        rules.Return(At(1));
        rules.Snapshot(5, At(5));
        Assert.True(rules.Lease());

        rules.Heartbeat(5, At(11));

        Assert.Equal(Chore.None, rules.Due(At(11.5)));
    }
}
