using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workshop.Grains.Frameworks;

/// <summary>A framework as written in a data file (the seeds): a nested tree without identifiers.</summary>
[GenerateSerializer, Immutable]
public sealed record FrameworkDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] ImmutableDictionary<string, string> Title,
    [property: Id(2)] ImmutableDictionary<string, string>? Description,
    [property: Id(3)] string? Source,
    [property: Id(4)] ImmutableList<string> Languages,
    [property: Id(5)] ImmutableList<ItemDefinition> Items,
    [property: Id(6)] ImmutableDictionary<string, TranslationStatus>? Translations = null);

[GenerateSerializer, Immutable]
public sealed record ItemDefinition(
    [property: Id(0)] ItemKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] ImmutableDictionary<string, string> Labels,
    [property: Id(3)] ImmutableDictionary<string, string>? Descriptions,
    [property: Id(4)] ImmutableList<ItemDefinition>? Children);

public static class FrameworkDefinitions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The namespace of the name-based UUIDs of imported items: the same framework and code always give the same id.</summary>
    private static readonly Guid ItemNamespace = new("6f1d3c52-8e0b-4a7e-9a57-2f6b1c0d9e41");

    /// <summary>The seed frameworks shipped inside this assembly (grains/Frameworks/Seeds/*.json).</summary>
    public static IReadOnlyList<FrameworkDefinition> Seeds()
    {
        var assembly = typeof(FrameworkDefinitions).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Seeds/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Parse(assembly, name))
            .ToList();
    }

    public static FrameworkDefinition Parse(Stream json) =>
        JsonSerializer.Deserialize<FrameworkDefinition>(json, Json) ?? throw new InvalidDataException("The framework file is empty.");

    /// <summary>Builds the state of a framework whose version 1 is the definition, published.</summary>
    public static FrameworkState ToState(FrameworkDefinition definition, DateTimeOffset now)
    {
        var items = TreeWalk.PreOrder(Numbered(definition.Id, definition.Items, parentId: null), i => Numbered(definition.Id, i.Definition.Children, i.Id))
            .Select(i => new FrameworkItem(i.Node.Id, i.Node.ParentId, i.Node.Definition.Kind, i.Node.Definition.Code,
                LocalizedText.Clean(i.Node.Definition.Labels), LocalizedText.Clean(i.Node.Definition.Descriptions), i.Node.Order))
            .ToImmutableList();
        return new FrameworkState
        {
            Id = definition.Id,
            Titles = LocalizedText.Clean(definition.Title),
            Descriptions = LocalizedText.Clean(definition.Description),
            Languages = definition.Languages.Select(LocalizedText.Language).Distinct().ToImmutableList(),
            Source = definition.Source,
            Versions = [new FrameworkVersion(1, VersionStatus.Published, now, now, "seed", items,
                definition.Translations?.ToImmutableDictionary(t => LocalizedText.Language(t.Key), t => t.Value))],
        };
    }

    /// <summary>The number of items in a nested definition, at any depth.</summary>
    public static int Count(IEnumerable<ItemDefinition>? items) => TreeWalk.PreOrder(items ?? [], i => i.Children ?? []).Count();

    private static IEnumerable<(ItemDefinition Definition, Guid Id, Guid? ParentId, int Order)> Numbered(string frameworkId, IEnumerable<ItemDefinition>? definitions, Guid? parentId) =>
        (definitions ?? []).Select((d, order) => (d, NameBasedGuid(ItemNamespace, $"{frameworkId}/{d.Code}"), parentId, order));

    private static FrameworkDefinition Parse(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return Parse(stream);
    }

    /// <summary>An RFC 9562 version-5 (SHA-1, name-based) UUID.</summary>
    public static Guid NameBasedGuid(Guid namespaceId, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        var hash = SHA1.HashData(input).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
