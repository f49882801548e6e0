using Microsoft.Extensions.Time.Testing;
using Workshop.Web.Telemetry;

namespace Workshop.WebTests.Telemetry;

public sealed class RecentValuesTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void The_median_and_95th_percentile_are_nearest_rank_values_of_the_window()
    {
        var values = new RecentValues(TimeSpan.FromMinutes(1), clock);
        foreach (var value in Enumerable.Range(1, 100)) values.Add(value);

        Assert.Equal(50, values.Percentile(0.5));
        Assert.Equal(95, values.Percentile(0.95));
        Assert.Equal(100, values.Percentile(1));
    }

    [Fact]
    public void Values_older_than_the_window_no_longer_count_and_none_left_gives_no_percentile()
    {
        var values = new RecentValues(TimeSpan.FromMinutes(1), clock);
        values.Add(9);
        clock.Advance(TimeSpan.FromSeconds(30));
        values.Add(1);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, values.Percentile(1));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(values.Percentile(0.5));
    }

    [Fact]
    public void Past_its_capacity_only_the_latest_values_count()
    {
        var values = new RecentValues(TimeSpan.FromMinutes(1), clock, capacity: 100);
        foreach (var value in Enumerable.Range(1, 1000)) values.Add(value);

        Assert.Equal(901, values.Percentile(0));
        Assert.Equal(950, values.Percentile(0.5));
        Assert.Equal(1000, values.Percentile(1));
    }
}
