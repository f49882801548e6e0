namespace Workshop.Grains.Workshops;

internal static class Ranks
{
    /// <summary>
    /// Standard competition ranks ("1224") of <paramref name="scores"/>, highest first: tied scores share the better rank
    /// and the next rank skips as many places as were tied. Returned in the order of the input.
    /// </summary>
    public static int[] Competition(IReadOnlyList<long> scores)
    {
        var ranks = new int[scores.Count];
        for (var i = 0; i < scores.Count; i++)
            ranks[i] = 1 + scores.Count(s => s > scores[i]);
        return ranks;
    }
}
