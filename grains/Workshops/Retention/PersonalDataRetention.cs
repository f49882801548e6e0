using Microsoft.Extensions.Options;

namespace Workshop.Grains.Workshops.Retention;

/// <summary>
/// Erases a workshop's personal data a set time after it ends (<see cref="RetentionOptions"/>), through an Orleans reminder
/// of the workshop grain, so that it happens with nobody signed in and across restarts. The workshop grain calls it.
/// </summary>
public sealed class PersonalDataRetention(IOptions<RetentionOptions> options, TimeProvider clock)
{
    public const string ReminderName = "erase-personal-data";
    /// <summary>Who the timeline names as the eraser: the rule, not a person.</summary>
    public const string ErasedBy = "retention rule";

    private RetentionOptions Options => options.Value;

    /// <summary>When the workshop's personal data is due for erasure; null when it has not ended, is erased, or retention is off.</summary>
    public DateTimeOffset? DueAt(WorkshopState workshop) =>
        Options.KeepPersonalDataFor is { } keep && workshop is { Status: WorkshopStatus.Ended, PersonalDataErasedAt: null }
            && workshop.EndedAt is { } ended
            ? ended + keep : null;

    /// <summary>Registers the workshop's reminder for its due time (at once when that has passed); nothing when none is due.</summary>
    public async Task Schedule(IGrainBase workshopGrain, WorkshopState workshop)
    {
        if (DueAt(workshop) is not { } due) return;
        var dueIn = due - clock.GetUtcNow();
        // The period only matters when an erase is missed (a silo down, a failed write): it is tried again then.
        await workshopGrain.RegisterOrUpdateReminder(ReminderName, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Options.RetryEvery);
    }

    /// <summary>
    /// The reminder fired: erases when due (the erase drops the reminder, as a facilitator's does); a reminder left from a
    /// retention since lengthened is moved, one left after an erase or with retention turned off is dropped.
    /// </summary>
    public async Task OnReminder(IGrainBase workshopGrain, WorkshopState workshop, Func<string, Task> erase)
    {
        if (DueAt(workshop) is not { } due) await Cancel(workshopGrain);
        else if (clock.GetUtcNow() < due) await Schedule(workshopGrain, workshop);
        else await erase(ErasedBy);
    }

    /// <summary>Drops the workshop's reminder, if it has one (its data was erased, or retention was turned off).</summary>
    public async Task Cancel(IGrainBase workshopGrain)
    {
        if (await workshopGrain.GetReminder(ReminderName) is { } reminder) await workshopGrain.UnregisterReminder(reminder);
    }
}
