using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>
/// One per silo: gathers the tally deltas of that silo's participants and forwards them every 100 ms,
/// so that a burst of votes reaches each workshop as a few batched calls instead of one call per vote.
/// </summary>
[StatelessWorker(1)]
public sealed class TallyAggregatorGrain : Grain, ITallyAggregatorGrain
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);
    private Dictionary<Guid, List<TallyBatch>> pending = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(FlushEvery, FlushEvery) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public Task Add(Guid workshopId, TallyBatch batch)
    {
        if (!pending.TryGetValue(workshopId, out var batches)) pending[workshopId] = batches = [];
        batches.Add(batch);
        return Task.CompletedTask;
    }

    private Task Flush(CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return Task.CompletedTask;
        var sending = pending;
        pending = [];
        return Task.WhenAll(sending.Select(w => GrainFactory.GetGrain<IWorkshopGrain>(w.Key).ApplyDeltas(Merge(w.Value))));
    }

    /// <summary>Adds up the deltas of each activity round into one.</summary>
    private static ImmutableList<TallyBatch> Merge(List<TallyBatch> batches) =>
        batches.GroupBy(b => (b.ActivityId, b.Round))
            .Select(g => new TallyBatch(g.Key.ActivityId, g.Key.Round, g.Select(b => b.Delta).Aggregate(Tally.Combine)))
            .ToImmutableList();
}

public sealed class JoinCodeGrain([PersistentState("joincode")] IPersistentState<JoinCodeState> code) : Grain, IJoinCodeGrain
{
    public async Task<bool> Reserve(Guid workshopId)
    {
        if (code.State.WorkshopId is { } holder && holder != workshopId) return false;
        code.State = new JoinCodeState { WorkshopId = workshopId };
        await code.WriteStateAsync();
        return true;
    }

    public async Task Release(Guid workshopId)
    {
        if (code.State.WorkshopId != workshopId) return;
        code.State = new JoinCodeState();
        await code.WriteStateAsync();
    }

    public Task<Guid?> Resolve() => Task.FromResult(code.State.WorkshopId);
}

[GenerateSerializer]
public sealed record JoinCodeState
{
    [Id(0)] public Guid? WorkshopId { get; init; }
}

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
