using System.Globalization;
using System.Text.Json.Nodes;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Frameworks.Case;

/// <summary>A framework version as a 1EdTech CASE CFPackage: one CFDocument, its CFItems, and the tree as isChildOf associations.</summary>
public static class CaseExport
{
    /// <summary>The namespace of the name-based UUIDs of CASE documents and associations.</summary>
    private static readonly Guid CaseNamespace = new("3b0f4a8e-5c1d-4e62-b7a9-0d2c8e6f1a53");

    public const string ApiPath = "ims/case/v1p1";

    /// <summary>The stable identifier of the CFDocument of one framework version.</summary>
    public static Guid DocumentId(string frameworkId, int version) =>
        FrameworkDefinitions.NameBasedGuid(CaseNamespace, $"document/{frameworkId}/{version}");

    public static Guid AssociationId(Guid documentId, Guid originId, Guid destinationId) =>
        FrameworkDefinitions.NameBasedGuid(CaseNamespace, $"isChildOf/{documentId:D}/{originId:D}/{destinationId:D}");

    public static string Id(Guid id) => id.ToString("D").ToLowerInvariant();

    public static string DateTime(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static CfDocument Document(FrameworkState framework, FrameworkVersion version, Uri baseUri)
    {
        var id = Id(DocumentId(framework.Id, version.Number));
        var language = framework.DefaultLanguage;
        var extensions = new JsonObject
        {
            ["frameworkId"] = framework.Id,
            ["versionNumber"] = version.Number,
            ["status"] = version.IsPublished ? "published" : "draft",
            ["languages"] = new JsonArray(framework.Languages.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["titles"] = Texts(framework.Titles),
            ["descriptions"] = Texts(framework.Descriptions),
            ["translations"] = new JsonObject(framework.Languages.Select(l =>
                KeyValuePair.Create(l, (JsonNode?)JsonValue.Create(FrameworkTranslations.StatusOf(framework, version, l).ToString().ToLowerInvariant())))),
        };
        return new CfDocument
        {
            Identifier = id,
            Uri = Link(baseUri, "CFDocuments", id),
            Creator = string.IsNullOrWhiteSpace(framework.Source) ? "Workshop" : framework.Source,
            Title = framework.Title(language),
            LastChangeDateTime = DateTime(version.PublishedAt ?? version.CreatedAt),
            Description = framework.Descriptions.IsEmpty ? null : LocalizedText.Pick(framework.Descriptions, language, language),
            Language = language,
            Version = version.Number.ToString(CultureInfo.InvariantCulture),
            AdoptionStatus = version.IsPublished ? "Adopted" : "Draft",
            CFPackageURI = new CfLinkUri(framework.Title(language), id, Link(baseUri, "CFPackages", id)),
            Extensions = extensions,
        };
    }

    public static CasePackage ToPackage(FrameworkState framework, FrameworkVersion version, Uri baseUri, IReadOnlyCollection<ItemEvidence> evidence, CancellationToken cancellationToken = default)
    {
        var document = Document(framework, version, baseUri);
        var documentLink = new CfLinkUri(document.Title, document.Identifier, document.Uri);
        var documentGuid = DocumentId(framework.Id, version.Number);
        var evidenceByItem = evidence.ToLookup(e => e.ItemId);
        var items = new List<CfItem>();
        var associations = new List<CfAssociation>();

        var links = new Dictionary<Guid, CfLinkUri>();
        foreach (var (item, _) in version.InTreeOrder())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cf = Item(framework, version, item, baseUri, documentLink, evidenceByItem[item.Id].ToList());
            items.Add(cf);
            var link = links[item.Id] = new CfLinkUri(cf.FullStatement, cf.Identifier, cf.Uri);
            associations.Add(ChildOf(document, documentGuid, item, link, item.ParentId is { } parent ? links[parent] : documentLink, baseUri));
        }
        return new CasePackage(document, items, associations);
    }

    /// <summary>The isChildOf association of the item whose association has <paramref name="associationId"/>, found without building the package; null if none.</summary>
    public static CfAssociation? Association(FrameworkState framework, FrameworkVersion version, Guid associationId, Uri baseUri)
    {
        var documentGuid = DocumentId(framework.Id, version.Number);
        if (version.Items.FirstOrDefault(i => AssociationId(documentGuid, i.Id, i.ParentId ?? documentGuid) == associationId) is not { } item) return null;
        var document = Document(framework, version, baseUri);
        var documentLink = new CfLinkUri(document.Title, document.Identifier, document.Uri);
        CfLinkUri LinkTo(FrameworkItem linked) => new(linked.Label(framework.DefaultLanguage, framework.DefaultLanguage), Id(linked.Id), Link(baseUri, "CFItems", Id(linked.Id)));
        var parent = item.ParentId is { } parentId ? version.Find(parentId) : null;
        return ChildOf(document, documentGuid, item, LinkTo(item), parent is null ? documentLink : LinkTo(parent), baseUri);
    }

    private static CfAssociation ChildOf(CfDocument document, Guid documentGuid, FrameworkItem item, CfLinkUri origin, CfLinkUri destination, Uri baseUri)
    {
        var associationId = Id(AssociationId(documentGuid, item.Id, item.ParentId ?? documentGuid));
        return new CfAssociation
        {
            Identifier = associationId,
            Uri = Link(baseUri, "CFAssociations", associationId),
            AssociationType = CaseJson.IsChildOf,
            SequenceNumber = item.Order + 1,
            OriginNodeURI = origin,
            DestinationNodeURI = destination,
            CFDocumentURI = new CfLinkUri(document.Title, document.Identifier, document.Uri),
            LastChangeDateTime = document.LastChangeDateTime,
        };
    }

    public static CfItem Item(FrameworkState framework, FrameworkVersion version, FrameworkItem item, Uri baseUri, CfLinkUri documentLink, IReadOnlyCollection<ItemEvidence> evidence)
    {
        var language = framework.DefaultLanguage;
        var id = Id(item.Id);
        var extensions = new JsonObject
        {
            ["kind"] = KindName(item.Kind),
            ["labels"] = Texts(item.Labels),
        };
        if (!item.Descriptions.IsEmpty) extensions["descriptions"] = Texts(item.Descriptions);
        if (evidence.Count > 0) extensions["workshopEvidence"] = EvidenceSummary(evidence);
        if (Consensus(evidence) is { } consensus) extensions["consensus"] = consensus;
        return new CfItem
        {
            Identifier = id,
            Uri = Link(baseUri, "CFItems", id),
            FullStatement = item.Label(language, language),
            HumanCodingScheme = item.Code,
            ListEnumeration = (item.Order + 1).ToString(CultureInfo.InvariantCulture),
            CFItemType = KindName(item.Kind),
            Notes = item.Descriptions.IsEmpty ? null : LocalizedText.Pick(item.Descriptions, language, language),
            Language = language,
            CFDocumentURI = documentLink,
            LastChangeDateTime = DateTime(version.PublishedAt ?? version.CreatedAt),
            Extensions = extensions,
        };
    }

    /// <summary>What the workshops said about one item, summed up.</summary>
    private static JsonObject EvidenceSummary(IReadOnlyCollection<ItemEvidence> evidence) => new()
    {
        ["records"] = evidence.Count,
        ["workshops"] = evidence.Select(e => e.WorkshopId).Distinct().Count(),
        ["respondents"] = evidence.Sum(e => e.N),
        ["methods"] = new JsonArray(evidence.Select(e => e.Method.ToString()).Distinct().Order().Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
        ["lastAt"] = DateTime(evidence.Max(e => e.At)),
        ["sessions"] = new JsonArray(evidence.GroupBy(e => e.WorkshopId).Select(g => (JsonNode?)new JsonObject
        {
            ["workshopId"] = Id(g.Key),
            ["title"] = g.First().WorkshopTitle,
            ["records"] = g.Count(),
        }).ToArray()),
    };

    /// <summary>
    /// The item against the consensus rules of its Delphi rounds (everyone, not segments): the latest status and round,
    /// then every round with its rule, figures and movement since the round before; null when no round had a rule.
    /// </summary>
    private static JsonObject? Consensus(IReadOnlyCollection<ItemEvidence> evidence)
    {
        var rounds = evidence.Where(e => e.Segment is null && ConsensusAt.Of(e) is not null).OrderBy(e => e.At).ThenBy(e => e.Round).ToList();
        if (rounds.Count == 0) return null;
        var latest = ConsensusAt.Of(rounds[^1])!;
        return new JsonObject
        {
            ["status"] = latest.Code,
            ["round"] = latest.Round,
            ["rounds"] = new JsonArray([.. rounds.Select(e => (JsonNode?)Round(e, ConsensusAt.Of(e)!))]),
        };
    }

    private static JsonObject Round(ItemEvidence e, ConsensusAt consensus) => WithoutNulls(new JsonObject
    {
        ["workshopId"] = Id(e.WorkshopId),
        ["activityId"] = Id(e.ActivityId),
        ["round"] = e.Round,
        ["method"] = e.Method.ToString(),
        ["scale"] = consensus.Scale,
        ["status"] = consensus.Code,
        ["n"] = consensus.N,
        ["agreement"] = consensus.Agreement,
        ["disagreement"] = consensus.Disagreement,
        ["median"] = consensus.Median,
        ["iqr"] = consensus.Iqr,
        ["rule"] = WithoutNulls(new JsonObject
        {
            ["minAgreement"] = e.Rule!.MinAgreement,
            ["maxIqr"] = e.Rule.MaxIqr,
            ["minN"] = e.Rule.MinN,
            ["stableBelow"] = e.Rule.StableBelow,
        }),
        ["stability"] = e.Stability is { } moved ? WithoutNulls(new JsonObject
        {
            ["paired"] = moved.Paired,
            ["movedShare"] = moved.MovedShare,
            ["medianChange"] = moved.MedianChange,
            ["iqrChange"] = moved.IqrChange,
        }) : null,
        ["at"] = DateTime(e.At),
    });

    /// <summary>A figure that is not known is left out rather than written as null.</summary>
    private static JsonObject WithoutNulls(JsonObject json)
    {
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList()) json.Remove(key);
        return json;
    }

    public static string KindName(ItemKind kind) => kind.ToString();

    private static JsonObject Texts(IReadOnlyDictionary<string, string> texts)
    {
        var result = new JsonObject();
        foreach (var (language, text) in texts.OrderBy(t => t.Key, StringComparer.Ordinal)) result[language] = text;
        return result;
    }

    /// <summary>The address of a CASE object, from the root of the server (as a URI relative to the base would resolve).</summary>
    public static string Link(Uri baseUri, string collection, string id) =>
        $"{baseUri.GetLeftPart(UriPartial.Authority)}/{ApiPath}/{collection}/{Uri.EscapeDataString(id)}";
}
