using Workshop.Web.Frameworks;
using Workshop.Web.Workshops.Consoles;

namespace Workshop.Web.Hosting;

public static class PageServices
{
    /// <summary>The services between the Blazor pages and the grains: the pages render their views and call their commands.</summary>
    public static IServiceCollection AddPageServices(this IServiceCollection services) => services
        .AddSingleton<WorkshopConsoles>()
        .AddSingleton<WorkshopCatalog>()
        .AddSingleton<Displays>()
        .AddSingleton<FrameworkLibrary>()
        .AddSingleton<FrameworkDrafts>()
        .AddSingleton<ProposalReviews>();
}
