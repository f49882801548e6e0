using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Frameworks.Case;

/// <summary>A CASE package that cannot be imported; the message says what is wrong and where.</summary>
public sealed class CaseImportException(string message) : Exception(message);

/// <summary>A 1EdTech CASE 1.0 / 1.1 CFPackage read back into a nested framework definition (the tree from its isChildOf associations).</summary>
public static class CaseImport
{
    public const long DefaultMaxBytes = 5 * 1024 * 1024;

    /// <summary>Reads at most <paramref name="maxBytes"/> asynchronously (a request body), then parses.</summary>
    public static async Task<FrameworkDefinition> FromPackageAsync(Stream stream, long maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) throw TooLarge(maxBytes);
        }
        buffer.Position = 0;
        return FromPackage(buffer, maxBytes);
    }

    public static FrameworkDefinition FromPackage(Stream stream, long maxBytes = DefaultMaxBytes)
    {
        var bytes = ReadAtMost(stream, maxBytes);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CaseImportException($"The file is not valid JSON: line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
        }
        if (root is not JsonObject obj)
            throw new CaseImportException("The file is not a CASE CFPackage: the JSON is not an object with a CFDocument.");
        // Some services wrap the package: { "CFPackage": { ... } }.
        if (Property(obj, "CFPackage") is JsonObject wrapped) obj = wrapped;
        if (Property(obj, "CFDocument") is not JsonObject)
            throw new CaseImportException("The file is not a CASE CFPackage: it has no CFDocument object.");

        CasePackage package;
        try { package = obj.Deserialize<CasePackage>(CaseJson.Read)!; }
        catch (JsonException e)
        {
            throw new CaseImportException($"The CFPackage does not follow the CASE format at {e.Path ?? "$"}: {FirstSentence(e.Message)}");
        }
        return FromPackage(package);
    }

    public static FrameworkDefinition FromPackage(CasePackage package)
    {
        var document = package.CFDocument ?? throw new CaseImportException("The file is not a CASE CFPackage: it has no CFDocument object.");
        var items = package.CFItems ?? [];
        var associations = package.CFAssociations ?? [];
        var documentId = Normal(document.Identifier) ?? throw new CaseImportException("The CFDocument has no identifier.");
        if (items.Count > FrameworkLimits.MaxItems) throw new CaseImportException(FrameworkLimits.TooMany(items.Count));
        var documentUri = document.Uri;
        var language = LocalizedText.Language(string.IsNullOrWhiteSpace(document.Language) ? "en" : document.Language);

        // The items by identifier (and by uri, for links that only give the uri).
        var byId = new Dictionary<string, CfItem>(StringComparer.OrdinalIgnoreCase);
        var byUri = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var id = Normal(item.Identifier) ?? throw new CaseImportException($"CFItems[{i}] has no identifier.");
            if (!byId.TryAdd(id, item)) throw new CaseImportException($"CFItems[{i}]: the identifier {id} is used by two items.");
            if (!string.IsNullOrWhiteSpace(item.Uri)) byUri.TryAdd(item.Uri, id);
        }

        string? Resolve(CfLinkUri? link)
        {
            if (link is null) return null;
            var id = Normal(link.Identifier);
            if (id is not null && (byId.ContainsKey(id) || string.Equals(id, documentId, StringComparison.OrdinalIgnoreCase))) return id;
            if (link.Uri is { } uri)
            {
                if (byUri.TryGetValue(uri, out var fromUri)) return fromUri;
                if (documentUri is not null && uri == documentUri) return documentId;
            }
            return null;
        }

        string Describe(CfLinkUri? link) => link is null ? "nothing" : link.Identifier ?? link.Uri ?? "an empty link";

        // The parent of each item (the first isChildOf wins: a framework is a tree) and its place among its siblings.
        var parentOf = new Dictionary<string, (string Parent, int Sequence, int Index)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < associations.Count; i++)
        {
            var association = associations[i];
            if (!string.Equals(association.AssociationType, CaseJson.IsChildOf, StringComparison.OrdinalIgnoreCase)) continue;
            var where = $"CFAssociations[{i}] ({association.Identifier ?? "no identifier"})";
            var origin = Resolve(association.OriginNodeURI)
                ?? throw new CaseImportException($"{where}: originNodeURI points to an unknown node {Describe(association.OriginNodeURI)}.");
            var destination = Resolve(association.DestinationNodeURI)
                ?? throw new CaseImportException($"{where}: destinationNodeURI points to an unknown node {Describe(association.DestinationNodeURI)}.");
            if (string.Equals(origin, documentId, StringComparison.OrdinalIgnoreCase))
                throw new CaseImportException($"{where}: the CFDocument cannot be the child of a node.");
            if (string.Equals(origin, destination, StringComparison.OrdinalIgnoreCase))
                throw new CaseImportException($"{where}: item {origin} is a child of itself (a cycle).");
            parentOf.TryAdd(origin, (destination, association.SequenceNumber ?? int.MaxValue, i));
        }

        // Every item must lead up to the document, at most MaxDepth levels down; items with no isChildOf are taken as top-level items.
        string? ParentItem(string id) =>
            parentOf.TryGetValue(id, out var link) && !string.Equals(link.Parent, documentId, StringComparison.OrdinalIgnoreCase) ? link.Parent : null;
        var (levels, cycles) = TreeWalk.Levels(byId.Keys, ParentItem, StringComparer.OrdinalIgnoreCase);
        if (cycles.FirstOrDefault() is { } cycle)
            throw new CaseImportException($"The isChildOf associations make a cycle: {string.Join(" → ", cycle.Append(cycle[0]).Select(n => Code(byId[n]) ?? n))}.");
        if (byId.Keys.FirstOrDefault(id => levels[id] > FrameworkLimits.MaxDepth) is { } deep)
            throw new CaseImportException(FrameworkLimits.TooDeep(Code(byId[deep]) ?? deep, levels[deep]));

        var children = byId.Keys
            .Select((id, index) => (Id: id, Parent: parentOf.TryGetValue(id, out var p) ? p : (Parent: documentId, Sequence: int.MaxValue, Index: int.MaxValue), ItemIndex: index))
            .GroupBy(x => x.Parent.Parent, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Parent.Sequence).ThenBy(x => x.Parent.Index).ThenBy(x => x.ItemIndex).Select(x => x.Id).ToList(), StringComparer.OrdinalIgnoreCase);

        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, item) in byId)
            if (Code(item) is { } code && !codes.TryAdd(code, id))
                throw new CaseImportException($"The code (humanCodingScheme) \"{code}\" is used by two items: {codes[code]} and {id}.");
        var used = codes.Keys.ToHashSet(StringComparer.Ordinal);
        var languages = new List<string> { language };

        // Codes, kinds and texts in tree order (a code-less item's code follows its parent's), then the nested tree bottom-up.
        List<string> ChildrenOf(string id) => children.GetValueOrDefault(id) ?? [];
        IEnumerable<(string Id, string? Parent, int Position)> Positioned(string parent) =>
            ChildrenOf(parent).Select((id, index) => (id, string.Equals(parent, documentId, StringComparison.OrdinalIgnoreCase) ? null : (string?)parent, index + 1));
        var definitions = new Dictionary<string, ItemDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var ((id, parent, position), level) in TreeWalk.PreOrder(Positioned(documentId), n => Positioned(n.Id)))
        {
            var item = byId[id];
            var code = Code(item) ?? Generated(parent is null ? "" : definitions[parent].Code, position, used);
            var labels = Labels(item, language, languages);
            var descriptions = Descriptions(item, language);
            if (FrameworkLimits.ItemProblem(code, labels, descriptions) is { } tooLong) throw new CaseImportException($"CFItem {id}: {tooLong}");
            definitions[id] = new ItemDefinition(Kind(item, level - 1), code, labels, descriptions.IsEmpty ? null : descriptions, null);
        }
        var tree = TreeWalk.Nest<string, ItemDefinition>(ChildrenOf(documentId), ChildrenOf,
            (id, below) => definitions[id] with { Children = below.Count == 0 ? null : [.. below] });
        var title = Texts(document.Extensions, "titles");
        if (!string.IsNullOrWhiteSpace(document.Title)) title = title.SetItem(language, document.Title.Trim());
        if (title.IsEmpty) title = title.SetItem(language, "Imported framework");
        if (FrameworkLimits.TitleProblem(title.Values) is { } titleProblem) throw new CaseImportException(titleProblem);
        var description = Texts(document.Extensions, "descriptions");
        if (!string.IsNullOrWhiteSpace(document.Description) && !description.ContainsKey(language)) description = description.SetItem(language, document.Description.Trim());
        var declared = document.Extensions?["languages"] is JsonArray list
            ? list.Select(l => l?.GetValueKind() == JsonValueKind.String ? l.GetValue<string>() : null).OfType<string>().Select(LocalizedText.Language)
            : [];
        var allLanguages = new[] { language }.Concat(declared).Concat(languages).Distinct().ToImmutableList();

        return new FrameworkDefinition(
            FrameworkIds.Slug(title[language]),
            title,
            description.IsEmpty ? null : description,
            string.IsNullOrWhiteSpace(document.OfficialSourceURL) ? document.Creator : document.OfficialSourceURL,
            allLanguages,
            [.. tree],
            Translations(document.Extensions, allLanguages));
    }

    /// <summary>The kind from CFItemType ("Competency", "sub-competency", "Behavioural indicator", …); else by depth.</summary>
    public static ItemKind Kind(CfItem item, int depth)
    {
        var text = item.CFItemType ?? (item.Extensions?["kind"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null);
        var key = new string((text ?? "").Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return key switch
        {
            "domain" or "area" or "strand" => ItemKind.Domain,
            "category" or "cluster" or "group" => ItemKind.Category,
            "competency" or "competence" or "standard" or "skill" => ItemKind.Competency,
            "subcompetency" or "subcompetence" or "substandard" or "subskill" => ItemKind.Subcompetency,
            "indicator" or "behaviouralindicator" or "behavioralindicator" or "learningoutcome" or "outcome" or "element" => ItemKind.Indicator,
            _ => depth switch { 0 => ItemKind.Category, 1 => ItemKind.Competency, 2 => ItemKind.Subcompetency, _ => ItemKind.Indicator },
        };
    }

    private static ImmutableDictionary<string, string> Labels(CfItem item, string documentLanguage, List<string> languages)
    {
        var labels = Texts(item.Extensions, "labels");
        var language = string.IsNullOrWhiteSpace(item.Language) ? documentLanguage : LocalizedText.Language(item.Language);
        if (!string.IsNullOrWhiteSpace(item.FullStatement)) labels = labels.SetItem(language, item.FullStatement.Trim());
        foreach (var key in labels.Keys.Order(StringComparer.Ordinal)) if (!languages.Contains(key)) languages.Add(key);
        return labels;
    }

    private static ImmutableDictionary<string, string> Descriptions(CfItem item, string language)
    {
        var descriptions = Texts(item.Extensions, "descriptions");
        if (!string.IsNullOrWhiteSpace(item.Notes) && !descriptions.ContainsKey(language)) descriptions = descriptions.SetItem(language, item.Notes.Trim());
        return descriptions;
    }

    /// <summary>The translation statuses a Workshop export wrote (extensions.translations), for the document's languages only.</summary>
    private static ImmutableDictionary<string, TranslationStatus>? Translations(JsonObject? extensions, ImmutableList<string> languages) =>
        extensions?["translations"] is JsonObject statuses
            ? statuses.Select(s => (Language: LocalizedText.Language(s.Key), Status: Status(s.Value)))
                .Where(s => languages.Contains(s.Language) && s.Status is not null)
                .ToImmutableDictionary(s => s.Language, s => s.Status!.Value)
            : null;

    private static TranslationStatus? Status(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() switch
        {
            "original" => TranslationStatus.Original,
            "reviewed" => TranslationStatus.Reviewed,
            "machine" => TranslationStatus.Machine,
            _ => null,
        } : null;

    private static ImmutableDictionary<string, string> Texts(JsonObject? extensions, string name)
    {
        if (extensions?[name] is not JsonObject texts) return ImmutableDictionary<string, string>.Empty;
        var pairs = texts.Where(t => t.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            .ToDictionary(t => t.Key, t => t.Value!.GetValue<string>());
        return LocalizedText.Clean(pairs);
    }

    private static string? Code(CfItem item) => string.IsNullOrWhiteSpace(item.HumanCodingScheme) ? null : item.HumanCodingScheme.Trim();

    private static string Generated(string parentCode, int position, HashSet<string> used)
    {
        var code = parentCode.Length == 0 ? $"{position}" : $"{parentCode}.{position}";
        // Under a long imported code the position alone keeps the code within the limit.
        if (code.Length > FrameworkLimits.MaxCodeLength) code = $"{position}";
        var candidate = code;
        for (var n = 2; !used.Add(candidate); n++) candidate = $"{code}-{n}";
        return candidate;
    }

    private static string? Normal(string? identifier) => string.IsNullOrWhiteSpace(identifier) ? null : identifier.Trim();

    private static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static CaseImportException TooLarge(long maxBytes) =>
        new($"The file is larger than the limit of {maxBytes / (1024 * 1024.0):0.#} MB.");

    private static byte[] ReadAtMost(Stream stream, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
                throw TooLarge(maxBytes);
        }
        if (buffer.Length == 0) throw new CaseImportException("The file is empty.");
        return buffer.ToArray();
    }
}
