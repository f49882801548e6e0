using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Evidence;

/// <summary>
/// One workshop outcome on one framework item: which workshop and activity, the method, how many
/// answered, the statistics, and the segment (null: everyone) it describes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ItemEvidence(
    [property: Id(0)] Guid ItemId,
    [property: Id(1)] Guid WorkshopId,
    [property: Id(2)] string WorkshopTitle,
    [property: Id(3)] Guid ActivityId,
    [property: Id(4)] int Round,
    [property: Id(5)] ActivityKind Method,
    [property: Id(6)] int N,
    [property: Id(7)] ImmutableDictionary<string, double> Statistics,
    [property: Id(8)] string? Segment,
    [property: Id(9)] DateTimeOffset At,
    [property: Id(10)] ConsensusRule? Rule = null,
    [property: Id(11)] ItemConsensus? Consensus = null,
    [property: Id(12)] ItemStability? Stability = null);

/// <summary>The evidence on the items of one framework, across its versions (items keep their ids).</summary>
public interface IItemEvidenceGrain : IGrainWithStringKey
{
    Task Record(ImmutableList<ItemEvidence> evidence);
    Task<ImmutableList<ItemEvidence>> For(Guid itemId);
    Task<ImmutableList<ItemEvidence>> All();
}

public sealed class ItemEvidenceGrain([PersistentState("evidence")] IPersistentState<ItemEvidenceState> evidence) : Grain, IItemEvidenceGrain
{
    public async Task Record(ImmutableList<ItemEvidence> records)
    {
        if (records.IsEmpty) return;
        // A re-closed round replaces what that round recorded before.
        var rounds = records.Select(r => (r.WorkshopId, r.ActivityId, r.Round)).ToHashSet();
        evidence.State = evidence.State with
        {
            Records = evidence.State.Records.RemoveAll(r => rounds.Contains((r.WorkshopId, r.ActivityId, r.Round))).AddRange(records),
        };
        await evidence.WriteStateAsync();
    }

    public Task<ImmutableList<ItemEvidence>> For(Guid itemId) => Task.FromResult(evidence.State.Records.Where(r => r.ItemId == itemId).ToImmutableList());

    public Task<ImmutableList<ItemEvidence>> All() => Task.FromResult(evidence.State.Records);
}

[GenerateSerializer]
public sealed record ItemEvidenceState
{
    [Id(0)] public ImmutableList<ItemEvidence> Records { get; init; } = [];
}
