using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Web.Hosting;

namespace Workshop.Web.Frameworks;

public static class FrameworkApi
{
    public static IEndpointRouteBuilder MapFrameworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/frameworks").WithTags("Frameworks");
        api.MapGet("/", ListFrameworks).WithName("ListFrameworks")
            .WithSummary("List the frameworks").WithDescription("Every framework with its versions; drafts only for facilitators.");
        api.MapGet("/{id}/versions/{version:int}", GetVersion).WithName("GetFrameworkVersion")
            .WithSummary("Read a version as a tree").WithDescription("The version's items nested as in the framework; a draft only for facilitators.");
        api.MapGet("/{id}/items/{itemId:guid}/evidence", GetEvidence).WithName("GetItemEvidence")
            .WithSummary("Read an item's workshop evidence")
            .WithDescription("Every workshop result on the item, newest first: whole for facilitators, only overall results of at least three people (without workshop, activity or round) for anonymous readers.")
            .ProducesEither<List<ItemEvidence>, List<PublicEvidence>>().Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<List<FrameworkSummary>>> ListFrameworks(IGrainFactory grains, ClaimsPrincipal user)
    {
        var ids = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();
        var frameworks = await Task.WhenAll(ids.Select(id => grains.GetGrain<IFrameworkGrain>(id).Get()));
        return TypedResults.Ok(frameworks.OfType<FrameworkState>().Select(f => FrameworkSummary.From(f, user.CanSeeDrafts())).ToList());
    }

    /// <summary>
    /// Every workshop result on an item, newest first. Facilitators and administrators get each result whole (workshop id
    /// and title, activity, round, and the per-segment results of at least three people), as the comparison shows them;
    /// anonymous readers get only overall results of at least three people, without workshop, activity or round
    /// (<see cref="ItemOutcomes.ForPublic"/>), as the public framework page shows them.
    /// </summary>
    private static async Task<IResult> GetEvidence(string id, Guid itemId, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.GetGrain<IFrameworkGrain>(id).Get() is not { } framework || framework.Versions.All(v => v.Find(itemId) is null))
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"Framework '{id}' has no item {itemId}.", Status = 404 });
        var evidence = await grains.GetGrain<IItemEvidenceGrain>(id).For(itemId);
        return user.CanSeeDrafts() ? TypedResults.Ok(evidence.OrderByDescending(e => e.At).ToList()) : TypedResults.Ok(ItemOutcomes.ForPublic(evidence));
    }

    /// <summary>The version as a nested tree; one stored deeper than the import limit (before there was one) is refused, as JSON nests only so deep.</summary>
    private static async Task<Results<Ok<VersionTree>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> GetVersion(string id, int version, IGrainFactory grains, ClaimsPrincipal user)
    {
        var framework = await grains.GetGrain<IFrameworkGrain>(id).Get();
        var found = framework?.Version(version);
        if (framework is null || found is null || (!found.IsPublished && !user.CanSeeDrafts()))
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"Framework '{id}' has no version {version} you can read.", Status = 404 });
        if (found.Depth() is var depth && depth > FrameworkLimits.MaxDepth)
            return TypedResults.UnprocessableEntity(new ProblemDetails
            {
                Title = "Too deep to read as a tree",
                Detail = $"Version {version} of '{id}' has {depth:N0} levels, more than the {FrameworkLimits.MaxDepth} a tree is read with; download it as CSV (…/csv) or CASE (…/case) instead.",
                Status = 422,
            });
        return TypedResults.Ok(new VersionTree(framework.Id, found.Number, found.Status, framework.Languages, ItemNode.Tree(found)));
    }
}
