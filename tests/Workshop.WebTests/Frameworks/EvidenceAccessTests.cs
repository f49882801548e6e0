using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Exports;

namespace Workshop.WebTests.Frameworks;

/// <summary>
/// Workshop results and proposals on a framework: facilitators see where each came from; anonymous readers only
/// overall results of three or more people without workshop identities, and only accepted proposals.
/// </summary>
public sealed class EvidenceAccessTests(ExportTestsApp app) : IClassFixture<ExportTestsApp>
{
    private const string FrameworkId = "community-worker";
    private const string WorkshopTitle = "Focus group Koper (private)";

    [Fact]
    public async Task Anonymous_evidence_readers_get_overall_results_of_three_or_more_without_workshops_facilitators_get_everything()
    {
        var item = await RootItem();
        await app.Grains.GetGrain<IItemEvidenceGrain>(FrameworkId).Record(
        [
            Evidence(item, n: 5, segment: null, share: 0.4),
            Evidence(item, n: 3, segment: "country=SI", share: 0.5),
            Evidence(item, n: 2, segment: null, share: 0.9),
        ]);
        var path = $"/api/frameworks/{FrameworkId}/items/{item}/evidence";

        var anonymous = await app.CreateClient().GetAsync(path);
        var facilitator = await (await app.SignedIn(Roles.Facilitator)).GetFromJsonAsync<JsonElement>(path);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var text = await anonymous.Content.ReadAsStringAsync();
        Assert.DoesNotContain(WorkshopTitle, text);
        Assert.DoesNotContain("workshop", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SI", text);
        var shown = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal(5, shown.GetProperty("n").GetInt32());
        Assert.Equal(0.4, shown.GetProperty("statistics").GetProperty("share").GetDouble());
        Assert.Equal(3, facilitator.GetArrayLength());
        Assert.Contains(facilitator.EnumerateArray(), e => e.GetProperty("segment").GetString() == "country=SI" && e.GetProperty("workshopTitle").GetString() == WorkshopTitle);
    }

    [Fact]
    public async Task The_anonymous_framework_page_shows_no_pending_proposal_nor_workshop_the_facilitators_page_shows_them()
    {
        var item = await RootItem();
        var proposals = app.Grains.GetGrain<IProposalsGrain>(FrameworkId);
        await proposals.Submit(Proposal(item, "Pending: <i>buy our pills</i>"));
        var accepted = Proposal(item, "Accepted: listens to families");
        await proposals.Submit(accepted);
        await proposals.Review(accepted.Id, accept: true, "owner@example.org", null);
        var path = $"/frameworks/{FrameworkId}";

        var anonymous = WebUtility.HtmlDecode(await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetStringAsync(path));
        var facilitator = WebUtility.HtmlDecode(await (await app.SignedIn(Roles.Facilitator)).GetStringAsync(path));

        Assert.DoesNotContain("buy our pills", anonymous);
        Assert.DoesNotContain(WorkshopTitle, anonymous);
        Assert.Contains("Accepted: listens to families", anonymous);
        Assert.Contains("Pending: <i>buy our pills</i>", facilitator);
        Assert.Contains(WorkshopTitle, facilitator);
    }

    private async Task<Guid> RootItem() =>
        (await app.Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!.LatestPublished!.Items.First(i => i.ParentId is null).Id;

    private static ItemEvidence Evidence(Guid item, int n, string? segment, double share) =>
        new(item, Guid.NewGuid(), WorkshopTitle, Guid.NewGuid(), 1, ActivityKind.DotVote, n,
            ImmutableDictionary<string, double>.Empty.Add("share", share), segment, DateTimeOffset.UtcNow);

    private static Proposal Proposal(Guid item, string text) =>
        new(Guid.NewGuid(), ProposalKind.NewCompetency, item, null, ImmutableDictionary<string, string>.Empty.Add("en", text), null,
            new ProposalProvenance(Guid.NewGuid(), WorkshopTitle, null, null, "Ana", 2), ProposalStatus.Pending, DateTimeOffset.UtcNow);
}
