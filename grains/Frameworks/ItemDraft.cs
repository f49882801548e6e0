using System.Collections.Immutable;

namespace Workshop.Grains.Frameworks;

/// <summary>What an editor submits for a new or changed item.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemDraft(
    [property: Id(0)] ItemKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] ImmutableDictionary<string, string> Labels,
    [property: Id(3)] ImmutableDictionary<string, string>? Descriptions = null);
