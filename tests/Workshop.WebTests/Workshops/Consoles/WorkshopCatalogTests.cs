using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Workshops.Consoles;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>The workshop list: a facilitator creates a workshop and finds it among their own; another facilitator does not see it.</summary>
public sealed class WorkshopCatalogTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private WorkshopCatalog Catalog => shared.App.Services.GetRequiredService<WorkshopCatalog>();

    private static ClaimsPrincipal Facilitator(string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Facilitator)], "test"));

    [Fact]
    public async Task A_created_workshop_is_listed_for_its_facilitator_only()
    {
        var framework = (await Catalog.Frameworks()).First(f => f.Id == "community-network-coordinator");

        var created = await Catalog.Create(Facilitator("eva@example.org"), "Focus group Celje", framework, "xx", []);

        Assert.Equal(CommandResult.Done, created.Result);
        Assert.Contains(await Catalog.Workshops(Facilitator("eva@example.org")), w => w.Id == created.Value && w.Title == "Focus group Celje");
        Assert.DoesNotContain(await Catalog.Workshops(Facilitator("filip@example.org")), w => w.Id == created.Value);
    }

    [Fact]
    public async Task A_workshop_without_a_title_is_refused_with_the_rules_sentence()
    {
        var framework = (await Catalog.Frameworks()).First();

        var created = await Catalog.Create(Facilitator("eva@example.org"), " ", framework, framework.DefaultLanguage, []);

        Assert.Equal(CommandResult.Refused, created.Result);
        Assert.False(string.IsNullOrWhiteSpace(created.Refusal));
    }
}
