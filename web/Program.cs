using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Text.Json;
using System.Text.Json.Serialization;
using MudBlazor.Services;
using Workshop.Web.Backups;
using Workshop.Silo.Storage;
using Workshop.Web.Components;
using Workshop.Web.Frameworks;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Localization;
using Workshop.Web.Telemetry;
using Workshop.Web.Workshops;

// Operators' commands on the database, each in its own file: `dotnet run --project web -- <command>` does its work and exits.
if (args is [MigrateCommand.Name, ..]) return await MigrateCommand.Run(args[1..]);
if (args is ["backup", ..]) return BackupCommand.Run(args[1..]);
if (args is ["restore", ..]) return RestoreCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
// `dotnet run` serves from the build output in any environment: package assets (MudBlazor) and the scoped CSS bundle
// come from the static web assets manifest, which only Development reads by default (a published app has none to read).
builder.WebHost.UseStaticWebAssets();

builder.AddWorkshopOrleans();
builder.AddWorkshopWebTelemetry();
builder.AddWorkshopIdentity();
builder.AddSignInAttemptLimit();
builder.Services.AddHostedService<RunningServerLock>();
builder.AddWorkshopLocalization();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudBlazor.MudLocalizer, MudTexts>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
builder.AddWorkshopHub();
builder.Services.AddPageServices();
builder.AddApiDocument();
DemoWorkshop.AddIfEnabled(builder);
builder.Services.AddHealthChecks().AddCheck<OrleansHealthCheck>("orleans").AddDbContextCheck<WorkshopIdentityDbContext>("database");

var app = builder.Build();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseWorkshopLocalization();
// A page visit to an address that leads nowhere gets the not-found page in the user's language; API callers keep their bare 404s.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Headers.Accept.ToString().Contains("text/html"))
        context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
    return next(context);
});
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseFirstAdministratorSetup();
app.UseAntiforgery();

app.MapStaticAssets();
// /health keeps answering as before (docker-compose and existing probes use it): the same checks as /health/ready.
app.MapHealthChecks("/health");
app.MapHealthChecks("/health/ready");
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapWorkshopMetrics();
app.MapFrameworkApi();
app.MapCaseApi();
app.MapExports();
app.MapApiReference();
app.MapAccountEndpoints();
app.MapCultureEndpoints();
app.MapHub<WorkshopHub>(WorkshopHub.Path);
app.MapParticipantPage();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
