namespace Workshop.Web.Telemetry;

/// <summary>
/// The values recorded within the last <paramref name="window"/>, at most the latest <paramref name="capacity"/> of them, for
/// percentiles of "the last minute": a plenary's minute holds some 200,000 answers, and their latest 10,000 tell the same.
/// </summary>
public sealed class RecentValues(TimeSpan window, TimeProvider clock, int capacity = RecentValues.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly Queue<(DateTimeOffset At, double Value)> values = new(capacity);
    private readonly object gate = new();

    public void Add(double value)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (values.Count == capacity) values.Dequeue();
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
