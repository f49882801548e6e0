using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Frameworks;

public static class FrameworkApi
{
    public static IEndpointRouteBuilder MapFrameworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/frameworks").WithTags("Frameworks");
        api.MapGet("/", ListFrameworks);
        api.MapGet("/{id}/versions/{version:int}", GetVersion);
        return app;
    }

    private static async Task<Ok<List<FrameworkSummary>>> ListFrameworks(IGrainFactory grains, ClaimsPrincipal user)
    {
        var ids = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();
        var frameworks = await Task.WhenAll(ids.Select(id => grains.GetGrain<IFrameworkGrain>(id).Get()));
        return TypedResults.Ok(frameworks.OfType<FrameworkState>().Select(f => FrameworkSummary.From(f, user.CanSeeDrafts())).ToList());
    }

    private static async Task<Results<Ok<VersionTree>, NotFound<ProblemDetails>>> GetVersion(string id, int version, IGrainFactory grains, ClaimsPrincipal user)
    {
        var framework = await grains.GetGrain<IFrameworkGrain>(id).Get();
        var found = framework?.Version(version);
        if (framework is null || found is null || (!found.IsPublished && !user.CanSeeDrafts()))
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"Framework '{id}' has no version {version} you can read.", Status = 404 });
        return TypedResults.Ok(new VersionTree(framework.Id, found.Number, found.Status, framework.Languages, ItemNode.Tree(found)));
    }
}
