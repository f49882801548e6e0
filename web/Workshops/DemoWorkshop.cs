using System.Collections.Immutable;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.Web.Localization;

namespace Workshop.Web.Workshops;

/// <summary>
/// Demo mode (<c>Workshop:Demo=true</c>): a demo facilitator and a ready workshop with a known code,
/// so a new user can try a focus group within a minute. Safe to run at every start.
/// </summary>
public sealed class DemoWorkshop(IServiceProvider services, IGrainFactory grains, IConfiguration configuration, IStringLocalizer<SharedResource> texts, ILogger<DemoWorkshop> logger) : IHostedService
{
    public const string Email = "demo@example.org";
    public const string Password = "demo-workshop-1";
    public const string Code = "TRYME5";
    public static readonly Guid WorkshopId = new("5d1c0a7e-3b2f-4c8e-9a41-0e6f7d2b9c10");
    private const string FrameworkId = "community-network-coordinator";

    public static void AddIfEnabled(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Workshop:Demo")) builder.Services.AddHostedService<DemoWorkshop>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureFacilitator();
        var workshop = grains.GetGrain<IWorkshopGrain>(WorkshopId);
        if (await workshop.GetState() is null) await Create(workshop);
        var state = (await workshop.GetState())!;
        // Benchmark/test aid: Workshop:DemoDisplayKeyFile names a file to receive the display key (no public endpoint reveals it).
        if (configuration["Workshop:DemoDisplayKeyFile"] is { Length: > 0 } keyFile) await File.WriteAllTextAsync(keyFile, state.DisplayKey, cancellationToken);
        logger.LogWarning("Demo mode: sign in as {Email} / {Password}; participants join with code {Code} at /j/{Code}; the console is /workshops/{Id}",
            Email, Password, state.Code, state.Code, WorkshopId);
    }

    private async Task EnsureFacilitator()
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(Email) is not null) return;
        var user = new IdentityUser { UserName = Email, Email = Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        if (created.Succeeded) created = await users.AddToRolesAsync(user, Roles.All);
        // Without its user the demo would leave setup open to the first visitor: better not to start.
        if (!created.Succeeded)
            throw new InvalidOperationException($"Demo mode could not create its facilitator {Email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
    }

    private async Task Create(IWorkshopGrain workshop)
    {
        var framework = (await grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        var version = framework.LatestPublished!;
        await workshop.Create(new CreateWorkshop("Demo focus group", FrameworkId, version.Number, Email, "sl",
            [new SegmentQuestion("country", WorkshopLocalization.InEveryLanguage(texts, "Country"), ["SI", "IT", "FR"])], Code));
        var leadership = version.Items.Single(i => i.Code == "1").Id;
        var soft = version.Items.Single(i => i.Code == "3").Id;
        var dotVote = ActivityDefinition.DotVote(Guid.NewGuid(), Labels("Katere vodstvene kompetence so ključne?", "Which leadership competencies are key?"), ItemSelection.Under(version, leadership));
        await workshop.AddActivity(dotVote);
        await workshop.AddActivity(ActivityDefinition.Rating(Guid.NewGuid(), Labels("Ocenite mehke veščine", "Rate the soft skills"), ItemSelection.Under(version, soft)));
        await workshop.AddActivity(ActivityDefinition.Ranking(Guid.NewGuid(), Labels("Razvrstite tri najpomembnejše", "Rank the three most important"), ItemSelection.Under(version, soft)));
        await workshop.OpenActivity(dotVote.Id);
    }

    private static ImmutableDictionary<string, string> Labels(string sl, string en) =>
        ImmutableDictionary<string, string>.Empty.Add("sl", sl).Add("en", en);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
