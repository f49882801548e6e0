using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workshop.Web.Frameworks.Case;

// 1EdTech CASE 1.0 / 1.1 JSON binding (CFPackage, CFDocument, CFItem, CFAssociation, LinkURI).
// Every property carries its CASE name, so the wire format does not depend on the serializer's naming policy.

public sealed record CasePackage(
    [property: JsonPropertyName("CFDocument")] CfDocument? CFDocument,
    [property: JsonPropertyName("CFItems")] List<CfItem>? CFItems,
    [property: JsonPropertyName("CFAssociations")] List<CfAssociation>? CFAssociations);

/// <summary>A CASE LinkURI: a reference to another CASE object.</summary>
public sealed record CfLinkUri(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("identifier")] string? Identifier,
    [property: JsonPropertyName("uri")] string? Uri);

public sealed record CfDocument
{
    [JsonPropertyName("identifier")] public string? Identifier { get; init; }
    [JsonPropertyName("uri")] public string? Uri { get; init; }
    [JsonPropertyName("creator")] public string? Creator { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("lastChangeDateTime")] public string? LastChangeDateTime { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("officialSourceURL")] public string? OfficialSourceURL { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("adoptionStatus")] public string? AdoptionStatus { get; init; }
    [JsonPropertyName("CFPackageURI")] public CfLinkUri? CFPackageURI { get; init; }
    [JsonPropertyName("extensions")] public JsonObject? Extensions { get; init; }
}

public sealed record CfItem
{
    [JsonPropertyName("identifier")] public string? Identifier { get; init; }
    [JsonPropertyName("uri")] public string? Uri { get; init; }
    [JsonPropertyName("fullStatement")] public string? FullStatement { get; init; }
    [JsonPropertyName("humanCodingScheme")] public string? HumanCodingScheme { get; init; }
    [JsonPropertyName("listEnumeration")] public string? ListEnumeration { get; init; }
    [JsonPropertyName("CFItemType")] public string? CFItemType { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("CFDocumentURI")] public CfLinkUri? CFDocumentURI { get; init; }
    [JsonPropertyName("lastChangeDateTime")] public string? LastChangeDateTime { get; init; }
    [JsonPropertyName("extensions")] public JsonObject? Extensions { get; init; }
}

public sealed record CfAssociation
{
    [JsonPropertyName("identifier")] public string? Identifier { get; init; }
    [JsonPropertyName("uri")] public string? Uri { get; init; }
    [JsonPropertyName("associationType")] public string? AssociationType { get; init; }
    [JsonPropertyName("sequenceNumber")] public int? SequenceNumber { get; init; }
    [JsonPropertyName("originNodeURI")] public CfLinkUri? OriginNodeURI { get; init; }
    [JsonPropertyName("destinationNodeURI")] public CfLinkUri? DestinationNodeURI { get; init; }
    [JsonPropertyName("CFDocumentURI")] public CfLinkUri? CFDocumentURI { get; init; }
    [JsonPropertyName("lastChangeDateTime")] public string? LastChangeDateTime { get; init; }
}

/// <summary>The list answer of GET /ims/case/v1p1/CFDocuments.</summary>
public sealed record CfDocumentSet([property: JsonPropertyName("CFDocuments")] List<CfDocument> CFDocuments);

public static class CaseJson
{
    public const string IsChildOf = "isChildOf";

    /// <summary>Writing: omit nulls, keep the CASE names, readable.</summary>
    public static readonly JsonSerializerOptions Write = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reading: CASE names in any case (some 1.0 producers differ), comments and trailing commas tolerated.</summary>
    public static readonly JsonSerializerOptions Read = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
