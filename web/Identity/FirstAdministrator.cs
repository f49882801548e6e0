using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Workshop.Web.Identity;

/// <summary>
/// A fresh install has no user: the first administrator is created once, from the setup page or from
/// configuration; after that, setup is closed for good.
/// </summary>
public sealed class FirstAdministrator(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    public async Task<bool> IsNeeded()
    {
        if (done) return false;
        await using var scope = scopes.CreateAsyncScope();
        done = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.AnyAsync();
        return !done;
    }

    /// <summary>Creates an administrator (who is also a facilitator) only while no user exists.</summary>
    public async Task<IdentityResult> Create(string email, string password)
    {
        await gate.WaitAsync();
        try
        {
            if (!await IsNeeded())
                return IdentityResult.Failed(new IdentityError { Code = "SetupClosed", Description = "An administrator already exists; sign in instead." });
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return created;
            var roles = await users.AddToRolesAsync(user, Roles.All);
            done = roles.Succeeded;
            return roles;
        }
        finally { gate.Release(); }
    }
}

public static class FirstAdministratorSetup
{
    public const string SetupPath = "/setup";

    /// <summary>While no user exists, sends page visits to the setup page.</summary>
    public static IApplicationBuilder UseFirstAdministratorSetup(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var isPageVisit = HttpMethods.IsGet(context.Request.Method)
                && !Path.HasExtension(path.Value)
                && !path.StartsWithSegments(SetupPath)
                && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_blazor") && !path.StartsWithSegments("/_content")
                && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/health") && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/culture")
                && !path.StartsWithSegments("/hubs") && !path.StartsWithSegments("/join") && !path.StartsWithSegments("/j")
                && !path.StartsWithSegments("/ims");
            if (isPageVisit && await context.RequestServices.GetRequiredService<FirstAdministrator>().IsNeeded())
            {
                context.Response.Redirect(SetupPath);
                return;
            }
            await next();
        });
}
