using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workshop.Silo.Storage;

namespace Workshop.Web.Identity;

public static class Roles
{
    public const string Administrator = "administrator";
    public const string Facilitator = "facilitator";
    public static readonly string[] All = [Administrator, Facilitator];
}

public static class WorkshopIdentity
{
    public static WebApplicationBuilder AddWorkshopIdentity(this WebApplicationBuilder builder)
    {
        var database = WorkshopDatabase.From(builder.Configuration);
        builder.Services.AddDbContext<WorkshopIdentityDbContext>(database.Configure);
        builder.Services.AddSchemaMigrations(database);
        // Before data protection's own hosted service, which reads its keys from these tables when it starts.
        builder.Services.AddHostedService<IdentityStartup>();
        builder.Services.AddDataProtection().SetApplicationName("Workshop").PersistKeysToDbContext<WorkshopIdentityDbContext>();
        builder.Services.AddIdentity<IdentityUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<WorkshopIdentityDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<FirstAdministrator>();
        return builder;
    }
}

/// <summary>At start: the schema, the roles, and the administrator from configuration for unattended installs.</summary>
public sealed class IdentityStartup(IServiceProvider services, IConfiguration configuration, ILogger<IdentityStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        // The co-hosted silo has migrated already; an Orleans client (Cluster:Mode=Client) may be the first to start.
        await scope.ServiceProvider.GetRequiredService<SchemaMigrations>().ApplyAtStart(cancellationToken);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var email = configuration["Workshop:Administrator:Email"];
        var password = configuration["Workshop:Administrator:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password)) return;
        var result = await scope.ServiceProvider.GetRequiredService<FirstAdministrator>().Create(email, password);
        if (result.Succeeded) logger.LogInformation("Created the first administrator {Email} from configuration", email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
