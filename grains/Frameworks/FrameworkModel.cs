using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Workshop.Grains.Frameworks;

/// <summary>The levels of a competency model, from the broadest to the most concrete.</summary>
public enum ItemKind { Domain, Category, Competency, Subcompetency, Indicator }

public enum VersionStatus { Draft, Published }

/// <summary>One node of a framework version's tree; the tree is kept flat, linked by <see cref="ParentId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record FrameworkItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid? ParentId,
    [property: Id(2)] ItemKind Kind,
    [property: Id(3)] string Code,
    [property: Id(4)] ImmutableDictionary<string, string> Labels,
    [property: Id(5)] ImmutableDictionary<string, string> Descriptions,
    [property: Id(6)] int Order,
    [property: Id(7)] ImmutableList<ItemProvenance>? Provenance = null)
{
    public string Label(string language, string fallbackLanguage) => LocalizedText.Pick(Labels, language, fallbackLanguage);
}

/// <summary>Where a change to an item came from: the accepted proposal, its workshop, and the votes it had.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemProvenance(
    [property: Id(0)] Guid ProposalId,
    [property: Id(1)] string Change,
    [property: Id(2)] Guid WorkshopId,
    [property: Id(3)] string WorkshopTitle,
    [property: Id(4)] int Votes,
    [property: Id(5)] DateTimeOffset At);

/// <param name="Translations">Each language's <see cref="TranslationStatus"/> (see <see cref="FrameworkTranslations.StatusOf"/> when absent).</param>
/// <param name="Origin">Where a version came from when no person edited it, e.g. <see cref="FrameworkTranslations.TranslationOrigin"/>.</param>
[GenerateSerializer, Immutable]
public sealed record FrameworkVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] VersionStatus Status,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? PublishedAt,
    [property: Id(4)] string? Author,
    [property: Id(5)] ImmutableList<FrameworkItem> Items,
    [property: Id(6)] ImmutableDictionary<string, TranslationStatus>? Translations = null,
    [property: Id(7)] string? Origin = null)
{
    public bool IsPublished => Status == VersionStatus.Published;

    /// <summary>The lookups of each item list, built once per list (not stored: the list is immutable, so they never go stale).</summary>
    private static readonly ConditionalWeakTable<ImmutableList<FrameworkItem>, ItemIndex> Indexes = [];

    private ItemIndex Index => Indexes.GetValue(Items, items => new ItemIndex(items));

    public FrameworkItem? Find(Guid itemId) => Index.ById.GetValueOrDefault(itemId);

    /// <summary>Children of <paramref name="parentId"/> (null: the roots) in their order.</summary>
    public IReadOnlyList<FrameworkItem> Children(Guid? parentId) =>
        Index.ByParent.TryGetValue(parentId ?? Guid.Empty, out var children) ? children : [];

    /// <summary>Every item in tree order (a parent before its children, siblings in order) with its level (top: 1).</summary>
    public IEnumerable<(FrameworkItem Item, int Level)> InTreeOrder() => TreeWalk.PreOrder(Children(null), item => Children(item.Id));

    /// <summary>The number of levels of the tree (0: no items).</summary>
    public int Depth() => InTreeOrder().Select(i => i.Level).DefaultIfEmpty(0).Max();

    public IReadOnlyDictionary<ItemKind, int> CountsByKind() =>
        Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>A version's items by id and by parent (the roots under <see cref="Guid.Empty"/>), children in their order.</summary>
internal sealed class ItemIndex(ImmutableList<FrameworkItem> items)
{
    public Dictionary<Guid, FrameworkItem> ById { get; } = items.DistinctBy(i => i.Id).ToDictionary(i => i.Id);

    public Dictionary<Guid, List<FrameworkItem>> ByParent { get; } = items.GroupBy(i => i.ParentId ?? Guid.Empty)
        .ToDictionary(g => g.Key, g => g.OrderBy(i => i.Order).ToList());
}

/// <summary>The persisted state of one framework: its descriptive data and every version.</summary>
[GenerateSerializer]
public sealed record FrameworkState
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public ImmutableDictionary<string, string> Titles { get; init; } = ImmutableDictionary<string, string>.Empty;
    [Id(2)] public ImmutableDictionary<string, string> Descriptions { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>The languages its labels are written in, the original one first (the fallback).</summary>
    [Id(3)] public ImmutableList<string> Languages { get; init; } = [];
    [Id(4)] public string? Source { get; init; }
    [Id(5)] public ImmutableList<FrameworkVersion> Versions { get; init; } = [];

    public bool Exists => Versions.Count > 0;
    public string DefaultLanguage => Languages.FirstOrDefault() ?? "en";
    public FrameworkVersion? Draft => Versions.Find(v => !v.IsPublished);
    public FrameworkVersion? LatestPublished => Versions.LastOrDefault(v => v.IsPublished);
    public FrameworkVersion? Version(int number) => Versions.Find(v => v.Number == number);
    public string Title(string language) => LocalizedText.Pick(Titles, language, DefaultLanguage);
}

public static class LocalizedText
{
    /// <summary>The text in <paramref name="language"/>, else in the fallback, else any.</summary>
    public static string Pick(IReadOnlyDictionary<string, string> texts, string language, string fallbackLanguage) =>
        texts.TryGetValue(language, out var text) ? text
        : texts.TryGetValue(fallbackLanguage, out var fallback) ? fallback
        : texts.Values.FirstOrDefault() ?? "";

    /// <summary>Drops empty entries, trims the rest and lowercases language keys (the first of "SL" and "sl" wins), so "no label" is always an absent key.</summary>
    public static ImmutableDictionary<string, string> Clean(IReadOnlyDictionary<string, string>? texts) =>
        (texts ?? ImmutableDictionary<string, string>.Empty)
            .Where(t => !string.IsNullOrWhiteSpace(t.Value) && !string.IsNullOrWhiteSpace(t.Key))
            .GroupBy(t => Language(t.Key))
            .ToImmutableDictionary(g => g.Key, g => g.First().Value.Trim());

    /// <summary>The normal form of a language key: trimmed, lowercase ("SL " is "sl").</summary>
    public static string Language(string key) => key.Trim().ToLowerInvariant();
}
