using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>Opens facilitators' consoles on workshops; one <see cref="ConsoleSession"/> per open page.</summary>
public sealed class WorkshopConsoles(IGrainFactory grains, WorkshopFeed feed, IServiceScopeFactory scopes, IStringLocalizer<SharedResource> text, ILogger<ConsoleSession> log)
{
    /// <summary>The console of <paramref name="workshopId"/> for <paramref name="user"/>: loaded and following the workshop live if the user may run it.</summary>
    public async Task<ConsoleSession> Open(Guid workshopId, ClaimsPrincipal user)
    {
        var session = new ConsoleSession(workshopId, user.Identity?.Name ?? "", grains, this, log);
        await session.Load(user, feed);
        return session;
    }

    /// <summary>The signed-in name of the facilitator with this email, or null when no facilitator has it.</summary>
    internal async Task<string?> FacilitatorNamed(string email)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        return user?.UserName is not null && await users.IsInRoleAsync(user, Roles.Facilitator) ? user.UserName : null;
    }

    internal CommandOutcome NoSuchFacilitator => CommandOutcome.Refused(text["NoSuchFacilitator"]);
}
