namespace Workshop.Web.Telemetry;

/// <summary>The values recorded within the last <paramref name="window"/>, for percentiles of "the last minute".</summary>
public sealed class RecentValues(TimeSpan window, TimeProvider clock)
{
    private readonly Queue<(DateTimeOffset At, double Value)> values = new();
    private readonly object gate = new();

    public void Add(double value)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            values.Enqueue((now, value));
            DropBefore(now - window);
        }
    }

    /// <summary>The nearest-rank percentile (0.5 the median, 1 the largest) of the recent values; null when there are none.</summary>
    public double? Percentile(double fraction)
    {
        double[] recent;
        lock (gate)
        {
            DropBefore(clock.GetUtcNow() - window);
            recent = values.Select(v => v.Value).ToArray();
        }
        if (recent.Length == 0) return null;
        Array.Sort(recent);
        var rank = (int)Math.Ceiling(fraction * recent.Length);
        return recent[Math.Clamp(rank, 1, recent.Length) - 1];
    }

    private void DropBefore(DateTimeOffset oldest)
    {
        while (values.TryPeek(out var first) && first.At < oldest) values.Dequeue();
    }
}
