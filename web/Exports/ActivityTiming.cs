using Workshop.Grains.Workshops;

namespace Workshop.Web.Exports;

/// <summary>When an activity first opened, last closed, and how long it was open in all (every round's open spell added up).</summary>
public sealed record ActivityTiming(DateTimeOffset? Opened, DateTimeOffset? Closed, TimeSpan Duration)
{
    /// <summary>Read from the timeline's "opened" and "closed" events; a spell still open counts up to <paramref name="now"/>.</summary>
    public static ActivityTiming Of(IEnumerable<TimelineEvent> timeline, Guid activity, DateTimeOffset now)
    {
        DateTimeOffset? first = null, last = null, openSince = null;
        var duration = TimeSpan.Zero;
        foreach (var e in timeline.Where(e => e.Activity == activity).OrderBy(e => e.At))
        {
            if (e.Kind == "opened")
            {
                first ??= e.At;
                openSince ??= e.At;
            }
            else if (e.Kind == "closed")
            {
                last = e.At;
                if (openSince is { } since) duration += e.At - since;
                openSince = null;
            }
        }
        if (openSince is { } stillOpen)
        {
            duration += now - stillOpen;
            last = null;
        }
        return new ActivityTiming(first, last, duration);
    }
}
