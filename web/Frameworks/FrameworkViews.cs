using System.Security.Claims;
using Workshop.Grains.Frameworks;
using Workshop.Web.Identity;

namespace Workshop.Web.Frameworks;

public sealed record FrameworkSummary(
    string Id,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Description,
    IReadOnlyList<string> Languages,
    IReadOnlyList<VersionSummary> Versions)
{
    public static FrameworkSummary From(FrameworkState framework, bool includeDrafts) => new(
        framework.Id, framework.Titles, framework.Descriptions, framework.Languages,
        framework.Versions.Where(v => includeDrafts || v.IsPublished).Select(VersionSummary.From).ToList());
}

public sealed record VersionSummary(int Number, VersionStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? Author, IReadOnlyDictionary<ItemKind, int> ItemCounts)
{
    public static VersionSummary From(FrameworkVersion version) =>
        new(version.Number, version.Status, version.CreatedAt, version.PublishedAt, version.Author, version.CountsByKind());
}

public sealed record VersionTree(string FrameworkId, int Number, VersionStatus Status, IReadOnlyList<string> Languages, IReadOnlyList<ItemNode> Items);

/// <summary>An item with its children, as the API returns it and the pages show it.</summary>
public sealed record ItemNode(
    Guid Id,
    ItemKind Kind,
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Descriptions,
    IReadOnlyList<ItemNode> Children)
{
    public static IReadOnlyList<ItemNode> Tree(FrameworkVersion version) =>
        TreeWalk.Nest<FrameworkItem, ItemNode>(version.Children(null), i => version.Children(i.Id),
            (i, children) => new ItemNode(i.Id, i.Kind, i.Code, i.Labels, i.Descriptions, children));

    public IEnumerable<ItemNode> SelfAndDescendants() => TreeWalk.PreOrder([this], n => n.Children).Select(n => n.Node);

    /// <summary>True when the code or any label or description contains <paramref name="query"/>.</summary>
    public bool Matches(string query) =>
        Code.Contains(query, StringComparison.OrdinalIgnoreCase)
        || Labels.Values.Concat(Descriptions.Values).Any(t => t.Contains(query, StringComparison.OrdinalIgnoreCase));
}

public static class FrameworkAccess
{
    /// <summary>Published versions are public; drafts are for facilitators.</summary>
    public static bool CanSeeDrafts(this ClaimsPrincipal user) => user.IsInRole(Roles.Facilitator) || user.IsInRole(Roles.Administrator);
}
