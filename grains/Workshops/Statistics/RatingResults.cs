using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>
/// The ratings of one item on one scale, computed from how many participants gave each value.
/// Every statistic is null when nobody rated the item on this scale (<see cref="N"/> = 0).
/// </summary>
/// <param name="Scale">The scale key (e.g. "importance").</param>
/// <param name="N">How many participants rated the item on this scale.</param>
/// <param name="StandardDeviation">The sample standard deviation (dividing by n − 1); 0 for a single rating.</param>
/// <param name="Q1">The first quartile, interpolated linearly between order statistics (the "type 7" method of R, Excel's QUARTILE.INC).</param>
/// <param name="Q3">The third quartile, same method as <paramref name="Q1"/>.</param>
/// <param name="Iqr">The interquartile range, <paramref name="Q3"/> − <paramref name="Q1"/>.</param>
/// <param name="Agreement">
/// The share (0 to 1) of ratings in the top two points of the scale: 4 or 5 on 1–5, 9 or 10 on 0–10.
/// On a scale of only two or three points it is the share of the top point, so that it is not the whole or most of the scale.
/// </param>
/// <param name="Histogram">How many participants gave each value, from the scale's minimum to its maximum.</param>
[GenerateSerializer, Immutable]
public sealed record ScaleStatistics(
    [property: Id(0)] string Scale,
    [property: Id(1)] int N,
    [property: Id(2)] double? Mean,
    [property: Id(3)] double? Median,
    [property: Id(4)] double? StandardDeviation,
    [property: Id(5)] double? Q1,
    [property: Id(6)] double? Q3,
    [property: Id(7)] double? Iqr,
    [property: Id(8)] double? Agreement,
    [property: Id(9)] ImmutableList<int> Histogram)
{
    /// <summary>The statistics of ratings on <paramref name="scale"/> given as a histogram: how often each value was given (values outside the scale are ignored).</summary>
    public static ScaleStatistics FromHistogram(RatingScale scale, IEnumerable<(int Value, int Count)> histogram)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var counts = new int[scale.Points];
        foreach (var (value, count) in histogram)
            if (value >= scale.Min && value <= scale.Max)
                counts[value - scale.Min] += count;

        long n = 0, sum = 0, sumOfSquares = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            long value = scale.Min + i;
            n += counts[i];
            sum += value * counts[i];
            sumOfSquares += value * value * counts[i];
        }
        if (n == 0)
            return new ScaleStatistics(scale.Key, 0, null, null, null, null, null, null, null, [.. counts]);

        // n·Σx² − (Σx)² is an exact integer, so the variance loses nothing to rounding before the one division.
        var variance = n < 2 ? 0 : (double)(n * sumOfSquares - sum * sum) / (n * (n - 1));
        var topPoints = scale.Points >= 4 ? 2 : 1;
        var agreeing = counts[^topPoints..].Sum();
        var q1 = Quantile(scale, counts, n, 0.25);
        var q3 = Quantile(scale, counts, n, 0.75);
        return new ScaleStatistics(
            scale.Key, (int)n,
            Mean: (double)sum / n,
            Median: Quantile(scale, counts, n, 0.5),
            StandardDeviation: Math.Sqrt(variance),
            Q1: q1, Q3: q3, Iqr: q3 - q1,
            Agreement: (double)agreeing / n,
            Histogram: [.. counts]);
    }

    /// <summary>Type 7: with the n ratings sorted as x[0..n−1] and h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).</summary>
    private static double Quantile(RatingScale scale, int[] counts, long n, double p)
    {
        var h = (n - 1) * p;
        var below = (long)Math.Floor(h);
        var lower = OrderStatistic(scale, counts, below);
        var upper = below + 1 < n ? OrderStatistic(scale, counts, below + 1) : lower;
        return lower + (h - below) * (upper - lower);
    }

    /// <summary>The rating at 0-based position <paramref name="position"/> when all ratings are sorted ascending.</summary>
    private static int OrderStatistic(RatingScale scale, int[] counts, long position)
    {
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (position < seen) return scale.Min + i;
        }
        throw new ArgumentOutOfRangeException(nameof(position));
    }
}

/// <summary>One item of a rating: its statistics on each scale of the activity, in the activity's scale order.</summary>
[GenerateSerializer, Immutable]
public sealed record RatingItemResult(
    [property: Id(0)] Guid Item,
    [property: Id(1)] ImmutableList<ScaleStatistics> Scales)
{
    public ScaleStatistics? For(string scale) => Scales.Find(s => s.Scale == scale);
}

/// <summary>An item's place in the matrix: its mean on the first scale (X) and on the second (Y); null where nobody rated it on that scale.</summary>
[GenerateSerializer, Immutable]
public sealed record MatrixPoint(
    [property: Id(0)] Guid Item,
    [property: Id(1)] double? X,
    [property: Id(2)] double? Y);

/// <summary>The two-scale matrix (importance × need for further development with the default scales), in the activity's item order.</summary>
[GenerateSerializer, Immutable]
public sealed record RatingMatrix(
    [property: Id(0)] string XScale,
    [property: Id(1)] string YScale,
    [property: Id(2)] ImmutableList<MatrixPoint> Points);

/// <param name="Respondents">Participants who rated at least one item.</param>
/// <param name="Items">Every item of the activity, in the activity's item order.</param>
/// <param name="Matrix">The means on the first two scales; null when the activity has one scale.</param>
[GenerateSerializer, Immutable]
public sealed record RatingResults(
    [property: Id(0)] int Respondents,
    [property: Id(1)] ImmutableList<RatingItemResult> Items,
    [property: Id(2)] RatingMatrix? Matrix)
{
    public static RatingResults From(ActivityDefinition definition, TallyCounts counts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(counts);
        var index = new TallyIndex(counts);
        var items = definition.Items
            .Select(item => new RatingItemResult(item, definition.Scales
                .Select(scale => ScaleStatistics.FromHistogram(scale, index.Entries(item, scale.Key)))
                .ToImmutableList()))
            .ToImmutableList();

        RatingMatrix? matrix = null;
        if (definition.Scales.Count >= 2)
        {
            var (x, y) = (definition.Scales[0].Key, definition.Scales[1].Key);
            matrix = new RatingMatrix(x, y, items.Select(i => new MatrixPoint(i.Item, i.For(x)?.Mean, i.For(y)?.Mean)).ToImmutableList());
        }
        return new RatingResults(counts.Respondents, items, matrix);
    }
}
