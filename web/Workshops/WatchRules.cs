namespace Workshop.Web.Workshops;

/// <summary>
/// When the feed lets a watched workshop go, subscribes to it again or renews its subscription: plain rules with the
/// time passed in, kept by one <see cref="WatchedWorkshop"/> under its lock.
/// </summary>
public sealed class WatchRules(DateTimeOffset startedAt, TimeSpan linger)
{
    /// <summary>The workshop grain sends a snapshot or a heartbeat every second; two without either means it lost us.</summary>
    public static readonly TimeSpan SilenceAfter = TimeSpan.FromSeconds(2);
    /// <summary>The grain forgets an observer after 60 s without a subscription.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    /// <summary>A failed call to the grain is tried again this soon (its silo may still be being replaced).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);

    public enum Chore { None, Release, Resync, Renew }

    private int leases;
    private DateTimeOffset releasedAt;
    private DateTimeOffset lastHeard = startedAt;
    private DateTimeOffset lastSubscribed = startedAt;
    private long lastVersion;
    /// <summary>A heartbeat carried a version newer than the last snapshot: one went missing.</summary>
    private bool stale;
    /// <summary>A call to the grain is on its way (the first subscription from the start).</summary>
    private bool busy = true;
    private bool released;

    /// <summary>Takes a lease; false once the workshop is let go (the feed then watches it afresh).</summary>
    public bool Lease()
    {
        if (released) return false;
        leases++;
        return true;
    }

    public void Return(DateTimeOffset now)
    {
        if (--leases == 0) releasedAt = now;
    }

    public void Snapshot(long version, DateTimeOffset now)
    {
        lastHeard = now;
        lastVersion = Math.Max(lastVersion, version);
        stale = false;
    }

    public void Heartbeat(long version, DateTimeOffset now)
    {
        lastHeard = now;
        // The first heartbeat only tells the version: whoever took a lease fetched the snapshot after subscribing.
        if (lastVersion == 0) lastVersion = version;
        else stale |= version > lastVersion;
    }

    /// <summary>What to do now; a chore other than <see cref="Chore.Release"/> is one call at a time, ended by <see cref="Idle"/>.</summary>
    public Chore Due(DateTimeOffset now)
    {
        if (busy) return Chore.None;
        if (leases == 0 && now - releasedAt >= linger)
        {
            released = true;
            return Chore.Release;
        }
        var chore = stale || now - lastHeard >= SilenceAfter ? Chore.Resync
            : now - lastSubscribed >= RenewEvery ? Chore.Renew
            : Chore.None;
        busy = chore != Chore.None;
        return chore;
    }

    public void Idle() => busy = false;

    public void Subscribed(DateTimeOffset now) => lastSubscribed = now;

    /// <summary>A call to the grain failed: try again soon, as after a silence.</summary>
    public void Failed(DateTimeOffset now) => lastHeard = now - SilenceAfter + RetryAfter;
}
