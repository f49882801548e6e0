using Workshop.Grains.Frameworks;
using Workshop.Web.Frameworks;

namespace Workshop.Web.Components.Pages.Frameworks;

/// <summary>What every node of the item tree needs to know: language, expansion, search, and the edit actions.</summary>
public sealed class TreeView
{
    public required string Language { get; init; }
    public required string FallbackLanguage { get; init; }
    public required string Query { get; init; }
    public required bool Editable { get; init; }
    public required HashSet<Guid> Expanded { get; init; }
    /// <summary>While searching: the ids of the items that match or lie above a match.</summary>
    public required HashSet<Guid>? Visible { get; init; }
    public required Action<Guid> Toggle { get; init; }
    public required Func<ItemNode, Task> Edit { get; init; }
    public required Func<ItemNode, Task> AddChild { get; init; }
    public required Func<ItemNode, int, Task> Shift { get; init; }
    public required Func<ItemNode, Task> Move { get; init; }
    public required Func<ItemNode, Task> Delete { get; init; }
    /// <summary>Workshop results and proposals by item id (items keep their ids across versions).</summary>
    public required IReadOnlyDictionary<Guid, ItemOutcomes> Outcomes { get; init; }

    public bool Searching => Visible is not null;
    public bool IsVisible(ItemNode node) => Visible?.Contains(node.Id) ?? true;
    public bool IsOpen(ItemNode node) => Searching || Expanded.Contains(node.Id);

    /// <summary>The ids to show for a search: every matching item and its ancestors.</summary>
    public static HashSet<Guid>? VisibleFor(IEnumerable<ItemNode> roots, string query)
    {
        if (string.IsNullOrWhiteSpace(query)) return null;
        var visible = new HashSet<Guid>();
        TreeWalk.Nest<ItemNode, bool>(roots, n => n.Children, (node, below) =>
        {
            var shown = below.Contains(true) || node.Matches(query.Trim());
            if (shown) visible.Add(node.Id);
            return shown;
        });
        return visible;
    }
}
