using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Web.Frameworks;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Frameworks;

/// <summary>The framework page's editing service: only those who see drafts edit, and a rule's refusal keeps its error for the page's language.</summary>
public sealed class FrameworkDraftsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private FrameworkDrafts Drafts => shared.App.Services.GetRequiredService<FrameworkDrafts>();

    [Fact]
    public async Task A_reader_who_is_not_signed_in_cannot_open_a_draft()
    {
        var outcome = await Drafts.StartDraft("community-network-coordinator", new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Equal((CommandResult.Refused, FrameworkDrafts.Refusal), (outcome.Result, outcome.Refusal));
        Assert.Null((await shared.App.Services.GetRequiredService<FrameworkLibrary>().Get("community-network-coordinator"))!.Draft);
    }

    [Fact]
    public async Task Editing_a_published_version_is_refused_with_the_rules_error()
    {
        var facilitator = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ana@example.org"), new Claim(ClaimTypes.Role, Roles.Facilitator)], "test"));

        var outcome = await Drafts.DeleteItem("community-network-coordinator", facilitator, 1, Guid.NewGuid());

        Assert.Equal((CommandResult.Refused, (Enum?)FrameworkError.VersionPublished), (outcome.Result, outcome.Error));
    }
}
