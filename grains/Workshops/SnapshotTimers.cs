namespace Workshop.Grains.Workshops;

/// <summary>
/// How many workshop grains on this silo run their snapshot timer, which they do only while someone observes them;
/// the silo's telemetry shows it, so a workshop nobody watches can be seen to cost nothing.
/// </summary>
public sealed class SnapshotTimers
{
    private long running;

    public long Running => Interlocked.Read(ref running);

    public void Started() => Interlocked.Increment(ref running);

    public void Stopped() => Interlocked.Decrement(ref running);
}
