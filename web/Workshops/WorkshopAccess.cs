using System.Security.Claims;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;

namespace Workshop.Web.Workshops;

public static class WorkshopAccess
{
    public const string Refusal = "Only this workshop's facilitators (and administrators) may run it or download its results.";

    public static bool MayControl(this ClaimsPrincipal user, IEnumerable<string> facilitators) =>
        WorkshopRules.MayControl(facilitators, user.Identity?.Name, user.IsInRole(Roles.Administrator));

    /// <summary>Endpoints under /{id:guid} that answer only the workshop's facilitators; others get 403 with the reason.</summary>
    public static RouteGroupBuilder ForItsFacilitators(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(p => p.RequireRole(Roles.Facilitator)).ProducesProblem(StatusCodes.Status403Forbidden);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // An unknown workshop has no facilitators and goes on to its endpoint's 404.
            if (Guid.TryParse(http.GetRouteValue("id") as string, out var id)
                && await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(id).GetFacilitators() is { Count: > 0 } facilitators
                && !http.User.MayControl(facilitators))
                return TypedResults.Problem(title: "Not your workshop", detail: Refusal, statusCode: StatusCodes.Status403Forbidden);
            return await next(context);
        });
        return group;
    }
}
