using System.Collections.Immutable;

namespace Workshop.Grains.Frameworks;

public sealed class FrameworkGrain(
    [PersistentState("framework")] IPersistentState<FrameworkState> framework,
    TimeProvider clock) : Grain, IFrameworkGrain
{
    public Task<FrameworkState?> Get() => Task.FromResult(framework.State.Exists ? framework.State : null);

    public async Task<bool> ImportIfAbsent(FrameworkDefinition definition)
    {
        if (framework.State.Exists) return false;
        await Save(FrameworkDefinitions.ToState(definition with { Id = this.GetPrimaryKeyString() }, clock.GetUtcNow()));
        await GrainFactory.GetGrain<IFrameworkRegistryGrain>(0).Register(this.GetPrimaryKeyString());
        return true;
    }

    public async Task<int?> AddTranslations(FrameworkDefinition seed)
    {
        var next = FrameworkTranslations.AddFromSeed(Existing(), seed, clock.GetUtcNow());
        if (ReferenceEquals(next, framework.State)) return null;
        await Save(next);
        return next.LatestPublished!.Number;
    }

    public Task MarkTranslation(int version, string language, TranslationStatus status) =>
        Save(FrameworkTranslations.Mark(Existing(), version, language, status));

    public async Task<int> StartDraft(string? author)
    {
        await Save(FrameworkEditor.StartDraft(Existing(), clock.GetUtcNow(), author));
        return framework.State.Draft!.Number;
    }

    public async Task<Guid> AddItem(int version, Guid? parentId, ItemDraft item)
    {
        var id = Guid.NewGuid();
        await Save(FrameworkEditor.AddItem(Existing(), version, id, parentId, item));
        return id;
    }

    public Task UpdateItem(int version, Guid itemId, ItemDraft item) =>
        Save(FrameworkEditor.UpdateItem(Existing(), version, itemId, item));

    public Task MoveItem(int version, Guid itemId, Guid? newParentId, int index) =>
        Save(FrameworkEditor.MoveItem(Existing(), version, itemId, newParentId, index));

    public Task DeleteItem(int version, Guid itemId) =>
        Save(FrameworkEditor.DeleteItem(Existing(), version, itemId));

    public async Task<int> ApplyProposal(Workshop.Grains.Proposals.Proposal proposal, string reviewer)
    {
        if (FrameworkEditor.VersionWithProposal(Existing(), proposal.Id) is { } applied) return applied;
        var now = clock.GetUtcNow();
        var withDraft = FrameworkEditor.StartDraft(Existing(), now, reviewer);
        await Save(FrameworkEditor.ApplyProposal(withDraft, withDraft.Draft!.Number, proposal, Guid.NewGuid(), now));
        return framework.State.Draft!.Number;
    }

    public Task Publish(int version) =>
        Save(FrameworkEditor.Publish(Existing(), version, clock.GetUtcNow()));

    private FrameworkState Existing() => framework.State.Exists
        ? framework.State
        : throw new FrameworkRuleException(FrameworkError.UnknownFramework, $"Framework {this.GetPrimaryKeyString()} does not exist.");

    /// <summary>Persists the new state; if the write fails the grain keeps the old one.</summary>
    private async Task Save(FrameworkState next)
    {
        var previous = framework.State;
        framework.State = next;
        try { await framework.WriteStateAsync(); }
        catch { framework.State = previous; throw; }
    }
}

public sealed class FrameworkRegistryGrain(
    [PersistentState("registry")] IPersistentState<FrameworkRegistryState> registry) : Grain, IFrameworkRegistryGrain
{
    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(registry.State.FrameworkIds);

    public async Task Register(string frameworkId)
    {
        if (registry.State.FrameworkIds.Contains(frameworkId)) return;
        registry.State = registry.State with { FrameworkIds = registry.State.FrameworkIds.Add(frameworkId) };
        await registry.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed record FrameworkRegistryState
{
    [Id(0)] public ImmutableList<string> FrameworkIds { get; init; } = [];
}
