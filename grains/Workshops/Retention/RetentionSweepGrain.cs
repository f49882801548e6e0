using Microsoft.Extensions.Options;

namespace Workshop.Grains.Workshops.Retention;

/// <summary>
/// Gives the workshops that ended before the current retention applied (turned on or changed) their reminders: once per
/// retention value, not at every start; workshops that end later get theirs when they end.
/// </summary>
public interface IRetentionSweepGrain : IGrainWithIntegerKey
{
    /// <summary>One-way: a silo's start does not wait for a sweep over years of workshops.</summary>
    [OneWay] Task Sweep();
}

public sealed class RetentionSweepGrain(
    [PersistentState("retention-sweep")] IPersistentState<RetentionSweepState> sweep,
    IOptions<RetentionOptions> options,
    ILogger<RetentionSweepGrain> logger) : Grain, IRetentionSweepGrain
{
    public async Task Sweep()
    {
        var keep = options.Value.KeepPersonalDataFor;
        if (sweep.RecordExists && sweep.State.SweptFor == keep) return;
        if (keep is not null)
        {
            var workshops = await GrainFactory.GetGrain<IWorkshopRegistryGrain>(0).List();
            foreach (var listing in workshops) await GrainFactory.GetGrain<IWorkshopGrain>(listing.Id).ScheduleRetention();
            logger.LogInformation("Retention of {Retention} applied to {Count} workshops", keep, workshops.Count);
        }
        sweep.State = new RetentionSweepState { SweptFor = keep };
        await sweep.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed record RetentionSweepState
{
    /// <summary>The retention the workshops were last swept for (null: off).</summary>
    [Id(0)] public TimeSpan? SweptFor { get; init; }
}
