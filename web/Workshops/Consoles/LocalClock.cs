using Microsoft.Extensions.Localization;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>
/// The facilitator's wall clock, in the browser's time zone: closing times are typed and shown in it and stored as instants,
/// so a round set to close at 17:00 in Ljubljana closes then, whatever the server's zone and across a change to summer time.
/// </summary>
public sealed record LocalClock(TimeZoneInfo Zone)
{
    /// <summary>The clock of an IANA zone (e.g. Europe/Ljubljana) as the browser names it; UTC when the server does not know the zone.</summary>
    public static LocalClock Of(string? timeZoneId) =>
        new(TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var zone) ? zone : TimeZoneInfo.Utc);

    /// <summary>The instant a wall-clock time stands for (a time skipped by the change to summer time counts as the standard offset's).</summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        var wallClock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wallClock, Zone.GetUtcOffset(wallClock));
    }

    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>Time left as a countdown: "2 d 03:04:05" beyond a day (the day's abbreviation in the interface language), "3:04:05" within it, "0:00:00" once passed.</summary>
    public static string Left(TimeSpan left, IStringLocalizer? l = null)
    {
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        return left.Days > 0 ? string.Format(l?["DaysAndTime"] ?? "{0} d {1}", left.Days, left.ToString("hh\\:mm\\:ss")) : $"{left.Hours}:{left:mm\\:ss}";
    }
}
