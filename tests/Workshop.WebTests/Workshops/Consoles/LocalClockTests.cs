using Workshop.Web.Workshops.Consoles;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>Closing times are typed on the facilitator's clock and stored as instants.</summary>
public sealed class LocalClockTests
{
    private static readonly LocalClock Ljubljana = LocalClock.Of("Europe/Ljubljana");

    [Fact]
    public void Five_in_the_afternoon_in_Ljubljana_is_four_UTC_in_winter_and_three_in_summer()
    {
        var winter = Ljubljana.ToInstant(new DateTime(2026, 12, 1, 17, 0, 0));
        var summer = Ljubljana.ToInstant(new DateTime(2027, 4, 1, 17, 0, 0));

        Assert.Equal((new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 1, 15, 0, 0, TimeSpan.Zero)), (winter, summer));
        Assert.Equal(new DateTime(2027, 4, 1, 17, 0, 0), Ljubljana.ToLocal(summer));
    }

    [Fact]
    public void A_time_zone_the_server_does_not_know_is_taken_as_UTC()
    {
        var clock = LocalClock.Of("Mars/Olympus_Mons");

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), clock.ToInstant(new DateTime(2026, 12, 1, 17, 0, 0)));
        Assert.Equal("UTC", clock.Zone.Id);
    }

    [Theory]
    [InlineData(2 * 86400 + 3 * 3600 + 4 * 60 + 5, "2 d 03:04:05")]
    [InlineData(3 * 3600 + 4 * 60 + 5, "3:04:05")]
    [InlineData(59, "0:00:59")]
    [InlineData(-10, "0:00:00")]
    public void The_countdown_counts_days_then_hours_minutes_and_seconds(int seconds, string shown) =>
        Assert.Equal(shown, LocalClock.Left(TimeSpan.FromSeconds(seconds)));
}
