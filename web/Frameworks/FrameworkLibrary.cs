using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Web.Localization;

namespace Workshop.Web.Frameworks;

/// <summary>The frameworks as the pages read them: the list, one framework, its workshop evidence, and importing a new one.</summary>
public sealed class FrameworkLibrary(IGrainFactory grains)
{
    /// <summary>Every framework, by title in the interface's language.</summary>
    public async Task<IReadOnlyList<FrameworkState>> All()
    {
        var ids = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();
        var states = await Task.WhenAll(ids.Select(id => grains.GetGrain<IFrameworkGrain>(id).Get()));
        return states.OfType<FrameworkState>().OrderBy(f => f.Title(WorkshopLocalization.Current)).ToList();
    }

    public Task<FrameworkState?> Get(string id) => grains.GetGrain<IFrameworkGrain>(id).Get();

    /// <summary>Every workshop result recorded on the framework's items.</summary>
    public Task<ImmutableList<ItemEvidence>> Evidence(string id) => grains.GetGrain<IItemEvidenceGrain>(id).All();

    /// <summary>The language each workshop ran in (its phones' first choice), by workshop id; workshops that are gone are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> WorkshopLanguages(IEnumerable<Guid> workshopIds)
    {
        var states = await Task.WhenAll(workshopIds.Select(id => grains.GetGrain<Workshop.Grains.Workshops.IWorkshopGrain>(id).GetState()));
        return states.OfType<Workshop.Grains.Workshops.WorkshopState>().ToDictionary(s => s.Id, s => s.Language);
    }

    /// <summary>Imports the definition under a new id made from its title; returns the id.</summary>
    public Task<string> Import(FrameworkDefinition definition) => FrameworkIds.ImportAsNew(grains, definition);
}
