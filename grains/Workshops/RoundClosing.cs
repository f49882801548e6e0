namespace Workshop.Grains.Workshops;

/// <summary>
/// Closes the open round at its activity's closing time (<see cref="ActivityDefinition.ClosesAt"/>) through an Orleans reminder
/// of the workshop grain, so that it happens with no console open and across restarts. Participants refuse answers from that
/// time on (<see cref="OpenActivity.ClosedAt"/>), so a tick that comes late counts the same answers as one on time.
/// </summary>
public static class RoundClosing
{
    public const string ReminderName = "close-round";

    /// <summary>When the open round closes by itself, or null.</summary>
    public static DateTimeOffset? DueAt(WorkshopState workshop) =>
        workshop.Status != WorkshopStatus.Ended && workshop.Current is { Status: ActivityStatus.Open, Definition.ClosesAt: { } at } ? at : null;

    /// <summary>Registers the reminder for the open round's closing time, or drops it when the open round has none.</summary>
    /// <param name="retryEvery">The reminder's period: it only matters when a close fails or a silo is down at the time, and is tried again then.</param>
    public static async Task Schedule(IGrainBase workshopGrain, WorkshopState workshop, DateTimeOffset now, TimeSpan retryEvery)
    {
        if (DueAt(workshop) is { } due) await workshopGrain.RegisterOrUpdateReminder(ReminderName, due > now ? due - now : TimeSpan.Zero, retryEvery);
        else if (await workshopGrain.GetReminder(ReminderName) is { } reminder) await workshopGrain.UnregisterReminder(reminder);
    }

    /// <summary>The reminder ticked: the open round closes when its time has come (the close drops the reminder); a moved time moves the reminder.</summary>
    public static Task OnReminder(IGrainBase workshopGrain, WorkshopState workshop, DateTimeOffset now, TimeSpan retryEvery, Func<Guid, Task> close) =>
        DueAt(workshop) <= now ? close(workshop.CurrentActivity!.Value) : Schedule(workshopGrain, workshop, now, retryEvery);
}
