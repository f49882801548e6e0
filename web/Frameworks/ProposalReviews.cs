using System.Security.Claims;
using Workshop.Grains.Proposals;
using Workshop.Web.Hosting;

namespace Workshop.Web.Frameworks;

/// <summary>The model owner's review of a framework's proposals: pending first, most voted first; accept or reject.</summary>
public sealed class ProposalReviews(IGrainFactory grains, ILogger<ProposalReviews> log)
{
    public async Task<IReadOnlyList<Proposal>> List(string frameworkId) =>
        (await grains.GetGrain<IProposalsGrain>(frameworkId).List()).OrderBy(p => p.Status).ThenByDescending(p => p.Provenance.Votes).ToList();

    /// <summary>Accepts or rejects as the signed-in user; the same decision again returns the first outcome (see <see cref="IProposalsGrain.Review"/>).</summary>
    public Task<CommandOutcome<Proposal>> Review(string frameworkId, Guid proposalId, bool accept, ClaimsPrincipal reviewer, string? comment) =>
        CommandOutcome.Of(() => grains.GetGrain<IProposalsGrain>(frameworkId).Review(proposalId, accept, reviewer.Identity?.Name ?? "", comment), log);
}
