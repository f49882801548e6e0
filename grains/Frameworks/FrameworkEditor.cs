using System.Collections.Immutable;
using Workshop.Grains.Proposals;

namespace Workshop.Grains.Frameworks;

/// <summary>
/// The rules for editing a framework, as pure functions: each returns a new state or throws
/// <see cref="FrameworkRuleException"/>, so a refused command leaves the old state untouched.
/// </summary>
public static class FrameworkEditor
{
    /// <summary>Returns the state with an open draft: the existing one, or a copy of the latest published version.</summary>
    public static FrameworkState StartDraft(FrameworkState state, DateTimeOffset now, string? author)
    {
        if (state.Draft is not null) return state;
        var basis = state.LatestPublished ?? throw Fail(FrameworkError.UnknownFramework, "The framework has no version to start a draft from.");
        var draft = basis with
        {
            Number = state.Versions.Max(v => v.Number) + 1,
            Status = VersionStatus.Draft,
            CreatedAt = now,
            PublishedAt = null,
            Author = author,
            Origin = null,
        };
        return state with { Versions = state.Versions.Add(draft) };
    }

    public static FrameworkState AddItem(FrameworkState state, int version, Guid newId, Guid? parentId, ItemDraft item) =>
        EditDraft(state, version, draft =>
        {
            if (parentId is { } parent) RequireItem(draft, parent);
            var (code, labels, descriptions) = Validate(state, draft, item, exceptId: null);
            RequireDepth(draft, parentId, height: 1, code);
            var added = new FrameworkItem(newId, parentId, item.Kind, code, labels, descriptions, int.MaxValue);
            return Renumber(draft with { Items = draft.Items.Add(added) }, parentId);
        });

    public static FrameworkState UpdateItem(FrameworkState state, int version, Guid itemId, ItemDraft item) =>
        EditDraft(state, version, draft =>
        {
            var existing = RequireItem(draft, itemId);
            var (code, labels, descriptions) = Validate(state, draft, item, exceptId: itemId);
            var changed = existing with { Kind = item.Kind, Code = code, Labels = labels, Descriptions = descriptions };
            return draft with { Items = draft.Items.Replace(existing, changed) };
        });

    /// <summary>Moves an item (with its subtree) under <paramref name="newParentId"/> at <paramref name="index"/>; also reorders within one parent.</summary>
    public static FrameworkState MoveItem(FrameworkState state, int version, Guid itemId, Guid? newParentId, int index) =>
        EditDraft(state, version, draft =>
        {
            var item = RequireItem(draft, itemId);
            if (newParentId is { } parent)
            {
                RequireItem(draft, parent);
                if (parent == itemId || Descendants(draft, itemId).Contains(parent))
                    throw Fail(FrameworkError.MoveUnderDescendant, $"Item {item.Code} cannot be moved under itself or one of its own descendants.");
                RequireDepth(draft, parent, TreeWalk.PreOrder([item], i => draft.Children(i.Id)).Max(i => i.Level), item.Code);
            }
            var siblings = draft.Children(newParentId).Where(i => i.Id != itemId).ToList();
            var position = Math.Clamp(index, 0, siblings.Count);
            siblings.Insert(position, item with { ParentId = newParentId });
            var items = draft.Items.Remove(item).RemoveAll(i => i.ParentId == newParentId);
            items = items.AddRange(siblings.Select((s, order) => s with { Order = order }));
            return Renumber(draft with { Items = items }, item.ParentId);
        });

    /// <summary>Deletes an item and its whole subtree.</summary>
    public static FrameworkState DeleteItem(FrameworkState state, int version, Guid itemId) =>
        EditDraft(state, version, draft =>
        {
            var item = RequireItem(draft, itemId);
            var doomed = Descendants(draft, itemId).Append(itemId).ToHashSet();
            return Renumber(draft with { Items = draft.Items.RemoveAll(i => doomed.Contains(i.Id)) }, item.ParentId);
        });

    public static FrameworkState Publish(FrameworkState state, int version, DateTimeOffset now) =>
        EditDraft(state, version, draft => draft with { Status = VersionStatus.Published, PublishedAt = now });

    /// <summary>
    /// Applies an accepted proposal to a draft: a new competency under its item (the next free code), a rewording of its
    /// item's labels, or a merge (the second item's children move under the first, the second goes). The changed item
    /// records where the change came from.
    /// </summary>
    public static FrameworkState ApplyProposal(FrameworkState state, int version, Proposal proposal, Guid newId, DateTimeOffset now)
    {
        var draft = RequireVersion(state, version);
        var item = RequireItem(draft, proposal.Item);
        var provenance = new ItemProvenance(proposal.Id, proposal.Kind.ToString(), proposal.Provenance.WorkshopId, proposal.Provenance.WorkshopTitle, proposal.Provenance.Votes, now);
        switch (proposal.Kind)
        {
            case ProposalKind.NewCompetency:
                var siblings = draft.Children(item.Id).ToList();
                var kind = siblings.FirstOrDefault()?.Kind ?? (ItemKind)Math.Min((int)item.Kind + 1, (int)ItemKind.Indicator);
                var number = siblings.Count + 1;
                while (draft.Items.Any(i => i.Code == $"{item.Code}.{number}")) number++;
                // A proposal written in another language also stands in the main language until the owner translates it in the draft.
                var labels = proposal.Labels.ContainsKey(state.DefaultLanguage) || proposal.Labels.IsEmpty
                    ? proposal.Labels : proposal.Labels.Add(state.DefaultLanguage, proposal.Labels.Values.First());
                return Annotate(AddItem(state, version, newId, item.Id, new ItemDraft(kind, $"{item.Code}.{number}", labels)), version, newId, provenance);
            case ProposalKind.Rewording:
                var reworded = new ItemDraft(item.Kind, item.Code, item.Labels.SetItems(proposal.Labels), item.Descriptions);
                return Annotate(UpdateItem(state, version, item.Id, reworded), version, item.Id, provenance);
            default:
                var merged = RequireItem(draft, proposal.OtherItem ?? Guid.Empty);
                var next = draft.Children(merged.Id).Aggregate(state, (current, child) => MoveItem(current, version, child.Id, item.Id, int.MaxValue));
                next = DeleteItem(next, version, merged.Id);
                return Annotate(next, version, item.Id, provenance with { Change = $"{proposal.Kind} with {merged.Code}" });
        }
    }

    /// <summary>The first version a proposal was applied to (an item there names it in its provenance), or null: applying it again changes nothing.</summary>
    public static int? VersionWithProposal(FrameworkState state, Guid proposalId) =>
        state.Versions.FirstOrDefault(v => v.Items.Any(i => i.Provenance?.Any(p => p.ProposalId == proposalId) == true))?.Number;

    private static FrameworkState Annotate(FrameworkState state, int version, Guid itemId, ItemProvenance provenance) =>
        EditDraft(state, version, draft =>
        {
            var item = RequireItem(draft, itemId);
            return draft with { Items = draft.Items.Replace(item, item with { Provenance = (item.Provenance ?? []).Add(provenance) }) };
        });

    public static FrameworkVersion RequireVersion(FrameworkState state, int version) =>
        state.Version(version) ?? throw Fail(FrameworkError.UnknownVersion, $"Version {version} does not exist.");

    private static FrameworkState EditDraft(FrameworkState state, int version, Func<FrameworkVersion, FrameworkVersion> edit)
    {
        var draft = RequireVersion(state, version);
        if (draft.IsPublished)
            throw Fail(FrameworkError.VersionPublished, $"Version {version} is published and cannot change; start a new draft to edit it.");
        return state with { Versions = state.Versions.Replace(draft, edit(draft)) };
    }

    private static (string Code, ImmutableDictionary<string, string> Labels, ImmutableDictionary<string, string> Descriptions) Validate(
        FrameworkState state, FrameworkVersion draft, ItemDraft item, Guid? exceptId)
    {
        var code = item.Code?.Trim() ?? "";
        if (code.Length == 0) throw Fail(FrameworkError.EmptyCode, "Every item needs a code, such as 1.6.2.");
        var labels = LocalizedText.Clean(item.Labels);
        if (!labels.ContainsKey(state.DefaultLanguage))
            throw Fail(FrameworkError.EmptyLabel, $"The label in the framework's main language ({state.DefaultLanguage}) must not be empty.");
        var descriptions = LocalizedText.Clean(item.Descriptions);
        if (FrameworkLimits.ItemProblem(code, labels, descriptions) is { } tooLong) throw Fail(FrameworkError.TooLong, tooLong);
        if (draft.Items.Any(i => i.Id != exceptId && string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase)))
            throw Fail(FrameworkError.DuplicateCode, $"Code {code} is already used in version {draft.Number}.");
        return (code, labels, descriptions);
    }

    /// <summary>Refuses to put <paramref name="height"/> levels of items under <paramref name="parentId"/> when the tree would grow deeper than the imports allow.</summary>
    private static void RequireDepth(FrameworkVersion draft, Guid? parentId, int height, string code)
    {
        var deepest = height;
        for (var at = parentId; at is { } id; at = draft.Find(id)?.ParentId) deepest++;
        if (deepest > FrameworkLimits.MaxDepth)
            throw Fail(FrameworkError.TooDeep, $"Item {code} would reach level {deepest}; a framework has at most {FrameworkLimits.MaxDepth} levels.");
    }

    private static FrameworkItem RequireItem(FrameworkVersion version, Guid itemId) =>
        version.Find(itemId) ?? throw Fail(FrameworkError.UnknownItem, $"Item {itemId} does not exist in version {version.Number}.");

    private static IEnumerable<Guid> Descendants(FrameworkVersion version, Guid itemId) =>
        TreeWalk.PreOrder(version.Children(itemId), i => version.Children(i.Id)).Select(i => i.Node.Id);

    /// <summary>Gives the children of <paramref name="parentId"/> the orders 0..n-1, keeping their sequence.</summary>
    private static FrameworkVersion Renumber(FrameworkVersion version, Guid? parentId)
    {
        var items = version.Items;
        foreach (var (child, order) in version.Children(parentId).Select((c, o) => (c, o)))
            if (child.Order != order) items = items.Replace(child, child with { Order = order });
        return version with { Items = items };
    }

    private static FrameworkRuleException Fail(FrameworkError error, string message) => new(error, message);
}
