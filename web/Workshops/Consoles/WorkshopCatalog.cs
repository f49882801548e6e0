using System.Security.Claims;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;
using Workshop.Web.Hosting;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>The facilitators' list of workshops: those the user may run, the frameworks a new one can use, and creating one.</summary>
public sealed class WorkshopCatalog(IGrainFactory grains, FrameworkLibrary frameworks, ILogger<WorkshopCatalog> log)
{
    /// <summary>The workshops the user may run, newest first.</summary>
    public async Task<IReadOnlyList<WorkshopListing>> Workshops(ClaimsPrincipal user) =>
        (await grains.GetGrain<IWorkshopRegistryGrain>(0).List()).Where(w => user.MayControl(w.Facilitators)).OrderByDescending(w => w.CreatedAt).ToList();

    /// <summary>The frameworks with a published version, which a workshop pins.</summary>
    public async Task<IReadOnlyList<FrameworkState>> Frameworks() => (await frameworks.All()).Where(f => f.LatestPublished is not null).ToList();

    /// <summary>Creates a workshop run by the user on the framework's latest published version; returns its id.</summary>
    public Task<CommandOutcome<Guid>> Create(ClaimsPrincipal user, string title, FrameworkState framework, string language, IEnumerable<SegmentQuestion> questions)
    {
        var id = Guid.NewGuid();
        var workshopLanguage = framework.Languages.Contains(language) ? language : framework.DefaultLanguage;
        var command = new CreateWorkshop(title, framework.Id, framework.LatestPublished!.Number, user.Identity?.Name ?? "", workshopLanguage, [.. questions]);
        return CommandOutcome.Of(async () => { await grains.GetGrain<IWorkshopGrain>(id).Create(command); return id; }, log);
    }
}
