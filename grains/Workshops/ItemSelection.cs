using System.Collections.Immutable;
using Workshop.Grains.Frameworks;

namespace Workshop.Grains.Workshops;

/// <summary>How a facilitator picks an activity's items from the pinned framework version.</summary>
public static class ItemSelection
{
    /// <summary>The items directly under one item, e.g. the competencies of a category.</summary>
    public static ImmutableList<Guid> Under(FrameworkVersion version, Guid parentId) =>
        version.Children(parentId).Select(i => i.Id).ToImmutableList();

    /// <summary>Every item of one level of the tree, in tree order (e.g. all sub-competencies).</summary>
    public static ImmutableList<Guid> Level(FrameworkVersion version, ItemKind kind) =>
        InTreeOrder(version).Where(i => i.Kind == kind).Select(i => i.Id).ToImmutableList();

    /// <summary>A chosen list, kept in tree order and without unknown ids.</summary>
    public static ImmutableList<Guid> Chosen(FrameworkVersion version, IEnumerable<Guid> chosen)
    {
        var wanted = chosen.ToHashSet();
        return InTreeOrder(version).Where(i => wanted.Contains(i.Id)).Select(i => i.Id).ToImmutableList();
    }

    public static IEnumerable<FrameworkItem> InTreeOrder(FrameworkVersion version) => version.InTreeOrder().Select(i => i.Item);
}
