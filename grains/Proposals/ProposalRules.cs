using System.Collections.Immutable;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Proposals;

public static class ProposalRules
{
    public const int MaxTextLength = 280;

    /// <summary>Checks a proposal against the framework version the workshop uses; returns it with its texts made plain (<see cref="PlainText"/>).</summary>
    public static Proposal Validate(Proposal proposal, FrameworkVersion version)
    {
        if (version.Find(proposal.Item) is null) throw Invalid("The proposal names an item that is not in the framework.");
        var typed = proposal.Labels ?? ImmutableDictionary<string, string>.Empty;
        if (typed.Keys.Any(key => LanguageTags.Normalize(key) is null))
            throw Invalid("A proposal's texts are keyed by a language code such as sl, en or pt-BR.");
        var labels = LocalizedText.Clean(typed.ToImmutableDictionary(l => l.Key, l => PlainText.Line(l.Value)));
        var rationale = PlainText.Lines(proposal.Rationale);
        if (labels.Values.Any(l => l.Length > MaxTextLength) || rationale.Length > MaxTextLength)
            throw Invalid($"A proposal's texts have at most {MaxTextLength} characters.");
        switch (proposal.Kind)
        {
            case ProposalKind.NewCompetency or ProposalKind.Rewording when labels.IsEmpty:
                throw Invalid("Write the new competency or the new wording.");
            case ProposalKind.Merge when proposal.OtherItem is not { } other || other == proposal.Item || version.Find(other) is null:
                throw Invalid("A merge needs two different items of the framework.");
        }
        return proposal with { Labels = labels, Rationale = rationale.Length == 0 ? null : rationale };
    }

    /// <summary>
    /// A review is idempotent: the same decision again (a double click, or a retry after an unconfirmed write) returns the
    /// proposal as reviewed before; the opposite decision on a reviewed proposal is refused. Null while it is pending.
    /// </summary>
    public static Proposal? EarlierReview(Proposal proposal, bool accept) => proposal.Status switch
    {
        ProposalStatus.Pending => null,
        ProposalStatus.Accepted when accept => proposal,
        ProposalStatus.Rejected when !accept => proposal,
        ProposalStatus.Accepted => throw Invalid(proposal.Review?.AppliedToVersion is { } version
            ? $"This proposal was already accepted into version {version}; it can no longer be rejected."
            : "This proposal was already accepted; it can no longer be rejected."),
        _ => throw Invalid("This proposal was already rejected; it can no longer be accepted."),
    };

    /// <summary>The proposal with the model owner's decision and the draft version an accepted one went into.</summary>
    public static Proposal Reviewed(Proposal proposal, bool accept, string reviewer, string? comment, DateTimeOffset at, int? appliedToVersion) =>
        proposal with
        {
            Status = accept ? ProposalStatus.Accepted : ProposalStatus.Rejected,
            Review = new ProposalReview(reviewer, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), at, appliedToVersion),
        };

    private static WorkshopRuleException Invalid(string message) => new(WorkshopError.InvalidProposal, message);
}
