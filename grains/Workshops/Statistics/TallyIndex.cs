namespace Workshop.Grains.Workshops;

/// <summary>The counts of a tally grouped by item and measure, read once so each statistic looks up only its own entries.</summary>
internal sealed class TallyIndex
{
    private readonly Dictionary<(Guid Item, string Measure), List<(int Value, int Count)>> entries = [];

    public TallyIndex(TallyCounts counts)
    {
        foreach (var (key, count) in counts.Counts)
        {
            if (!entries.TryGetValue((key.Item, key.Measure), out var list))
                entries[(key.Item, key.Measure)] = list = [];
            list.Add((key.Value, count));
        }
    }

    /// <summary>Each value of the measure on the item with how many answers contribute it.</summary>
    public IReadOnlyList<(int Value, int Count)> Entries(Guid item, string measure) =>
        entries.TryGetValue((item, measure), out var list) ? list : [];

    /// <summary>How many answers contribute any value of the measure on the item.</summary>
    public int Count(Guid item, string measure) => Entries(item, measure).Sum(e => e.Count);

    /// <summary>The sum of all contributed values of the measure on the item (value × count).</summary>
    public long Total(Guid item, string measure) => Entries(item, measure).Sum(e => (long)e.Value * e.Count);
}
