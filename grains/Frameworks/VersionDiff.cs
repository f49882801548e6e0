using System.Collections.Immutable;

namespace Workshop.Grains.Frameworks;

public enum ItemChangeKind { Added, Removed, Changed }

/// <summary>One difference between two versions, for a person to read: what happened to which item, and how.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemChange(
    [property: Id(0)] ItemChangeKind Kind,
    [property: Id(1)] Guid ItemId,
    [property: Id(2)] string Code,
    [property: Id(3)] ImmutableList<string> Details,
    [property: Id(4)] ImmutableList<ItemProvenance> Provenance);

/// <summary>Compares two versions by the items' stable ids: added, removed, and changed (code, kind, labels, descriptions, parent).</summary>
public static class VersionDiff
{
    public static ImmutableList<ItemChange> Compare(FrameworkVersion from, FrameworkVersion to)
    {
        var before = from.Items.ToDictionary(i => i.Id);
        var after = to.Items.ToDictionary(i => i.Id);
        var changes = ImmutableList.CreateBuilder<ItemChange>();
        foreach (var item in to.Items.Where(i => !before.ContainsKey(i.Id)))
            changes.Add(new ItemChange(ItemChangeKind.Added, item.Id, item.Code, [.. item.Labels.Select(l => $"{l.Key}: {l.Value}")], item.Provenance ?? []));
        foreach (var item in from.Items.Where(i => !after.ContainsKey(i.Id)))
            changes.Add(new ItemChange(ItemChangeKind.Removed, item.Id, item.Code, [.. item.Labels.Select(l => $"{l.Key}: {l.Value}")], []));
        foreach (var item in to.Items.Where(i => before.ContainsKey(i.Id)))
        {
            var old = before[item.Id];
            var details = Details(old, item, from, to).ToImmutableList();
            if (!details.IsEmpty)
                changes.Add(new ItemChange(ItemChangeKind.Changed, item.Id, item.Code, details, (item.Provenance ?? []).Except(old.Provenance ?? []).ToImmutableList()));
        }
        return changes.ToImmutable();
    }

    private static IEnumerable<string> Details(FrameworkItem old, FrameworkItem now, FrameworkVersion from, FrameworkVersion to)
    {
        if (old.Code != now.Code) yield return $"code: {old.Code} → {now.Code}";
        if (old.Kind != now.Kind) yield return $"kind: {old.Kind} → {now.Kind}";
        foreach (var language in old.Labels.Keys.Union(now.Labels.Keys).Order())
            if (old.Labels.GetValueOrDefault(language) != now.Labels.GetValueOrDefault(language))
                yield return $"{language}: {old.Labels.GetValueOrDefault(language) ?? "–"} → {now.Labels.GetValueOrDefault(language) ?? "–"}";
        foreach (var language in old.Descriptions.Keys.Union(now.Descriptions.Keys).Order())
            if (old.Descriptions.GetValueOrDefault(language) != now.Descriptions.GetValueOrDefault(language))
                yield return $"description ({language}) changed";
        if (old.ParentId != now.ParentId)
            yield return $"moved: under {Code(from, old.ParentId)} → under {Code(to, now.ParentId)}";
    }

    private static string Code(FrameworkVersion version, Guid? id) => id is { } parent ? version.Find(parent)?.Code ?? "?" : "(top level)";
}
