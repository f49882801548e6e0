using Workshop.Grains.Frameworks;

namespace Workshop.UnitTests.Frameworks;

public sealed class TreeWalkTests
{
    private static readonly Dictionary<string, string?> Parents = new() { ["a"] = null, ["b"] = "a", ["c"] = "b", ["d"] = "a", ["e"] = "f", ["f"] = "e", ["g"] = "e", ["h"] = "unknown" };

    [Fact]
    public void Levels_follow_the_parents_report_each_cycle_once_and_leave_what_hangs_below_a_cycle_without_a_level()
    {
        var (levels, cycles) = TreeWalk.Levels(Parents.Keys, k => Parents[k]);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 2, ["h"] = 1 }, levels);
        Assert.Equal(["e", "f"], Assert.Single(cycles).Order());
    }

    [Fact]
    public void A_chain_of_a_million_levels_is_walked_and_nested_without_recursion()
    {
        const int depth = 1_000_000;
        IEnumerable<int> Below(int n) => n < depth ? [n + 1] : [];

        var walked = TreeWalk.PreOrder([1], Below).Last();
        var nested = TreeWalk.Nest<int, int>([1], Below, (n, below) => below.Count == 0 ? n : below[0]);
        var (levels, _) = TreeWalk.Levels(Enumerable.Range(1, depth).Select(n => $"{n}").ToList(), n => n == "1" ? null : $"{int.Parse(n) - 1}");

        Assert.Equal((depth, depth), walked);
        Assert.Equal([depth], nested);
        Assert.Equal(depth, levels[$"{depth}"]);
    }
}
