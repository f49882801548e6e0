using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

public sealed class WorkshopRegistryGrain([PersistentState("workshops")] IPersistentState<WorkshopRegistryState> registry) : Grain, IWorkshopRegistryGrain
{
    public async Task Register(WorkshopListing listing)
    {
        registry.State = registry.State with { Workshops = registry.State.Workshops.RemoveAll(w => w.Id == listing.Id).Add(listing) };
        await registry.WriteStateAsync();
    }

    public Task<ImmutableList<WorkshopListing>> List() => Task.FromResult(registry.State.Workshops);
}

[GenerateSerializer]
public sealed record WorkshopRegistryState
{
    [Id(0)] public ImmutableList<WorkshopListing> Workshops { get; init; } = [];
}
