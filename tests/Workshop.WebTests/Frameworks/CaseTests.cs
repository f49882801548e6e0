using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;
using Workshop.Web.Frameworks.Case;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Frameworks;

/// <summary>Pure tests of the CASE export and import, on the seed frameworks.</summary>
public sealed partial class CaseExportImportTests
{
    private const string Coordinator = "community-network-coordinator";
    private static readonly Uri Base = new("https://workshop.example.org/");

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    internal static FrameworkState Seed(string id) =>
        FrameworkDefinitions.ToState(FrameworkDefinitions.Seeds().Single(s => s.Id == id), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    internal static JsonObject Export(FrameworkState state) =>
        JsonSerializer.SerializeToNode(CaseExport.ToPackage(state, state.Version(1)!, Base, []), CaseJson.Write)!.AsObject();

    [Fact]
    public void The_coordinator_seed_exports_as_a_CFPackage_with_the_required_fields_and_a_complete_tree()
    {
        var package = Export(Seed(Coordinator));

        var document = package["CFDocument"]!.AsObject();
        foreach (var field in new[] { "identifier", "uri", "creator", "title", "lastChangeDateTime", "CFPackageURI", "language" })
            Assert.True(document.ContainsKey(field), $"CFDocument.{field}");
        var documentId = document["identifier"]!.GetValue<string>();
        Assert.Matches(Uuid(), documentId);
        Assert.Equal(CaseExport.DocumentId(Coordinator, 1).ToString(), documentId);
        Assert.Equal("sl", document["language"]!.GetValue<string>());
        Assert.Equal(documentId, document["CFPackageURI"]!["identifier"]!.GetValue<string>());

        var items = package["CFItems"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var associations = package["CFAssociations"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(192, items.Count);
        Assert.Equal(192, associations.Count);
        foreach (var item in items)
        {
            foreach (var field in new[] { "identifier", "uri", "fullStatement", "humanCodingScheme", "CFItemType", "language", "CFDocumentURI", "lastChangeDateTime" })
                Assert.True(item.ContainsKey(field), $"CFItem {item["identifier"]}: {field}");
            Assert.Matches(Uuid(), item["identifier"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(item["fullStatement"]!.GetValue<string>()));
            Assert.Equal(documentId, item["CFDocumentURI"]!["identifier"]!.GetValue<string>());
            Assert.NotNull(item["extensions"]!["labels"]!["en"]);
        }
        foreach (var association in associations)
        {
            foreach (var field in new[] { "identifier", "uri", "associationType", "originNodeURI", "destinationNodeURI", "lastChangeDateTime", "sequenceNumber" })
                Assert.True(association.ContainsKey(field), $"CFAssociation {association["identifier"]}: {field}");
            Assert.Matches(Uuid(), association["identifier"]!.GetValue<string>());
            Assert.Equal("isChildOf", association["associationType"]!.GetValue<string>());
        }
        Assert.Equal(associations.Count, associations.Select(a => a["identifier"]!.GetValue<string>()).Distinct().Count());

        // No dangling association, and every item reaches the document through isChildOf.
        var ids = items.Select(i => i["identifier"]!.GetValue<string>()).ToHashSet();
        var parentOf = associations.ToDictionary(a => a["originNodeURI"]!["identifier"]!.GetValue<string>(), a => a["destinationNodeURI"]!["identifier"]!.GetValue<string>());
        Assert.All(parentOf, p => { Assert.Contains(p.Key, ids); Assert.True(ids.Contains(p.Value) || p.Value == documentId); });
        foreach (var id in ids)
        {
            var current = id;
            for (var steps = 0; current != documentId; steps++)
            {
                Assert.True(steps < 10, $"{id} does not reach the document");
                current = parentOf[current];
            }
        }
        var roots = associations.Where(a => a["destinationNodeURI"]!["identifier"]!.GetValue<string>() == documentId)
            .OrderBy(a => a["sequenceNumber"]!.GetValue<int>()).Select(a => a["originNodeURI"]!["identifier"]!.GetValue<string>());
        Assert.Equal(["1", "2", "3"], roots.Select(r => items.Single(i => i["identifier"]!.GetValue<string>() == r)["humanCodingScheme"]!.GetValue<string>()));
    }

    [Fact]
    public void An_item_with_workshop_evidence_carries_its_summary_and_its_other_labels_under_extensions()
    {
        var state = Seed(Coordinator);
        var item = state.Version(1)!.Items.Single(i => i.Code == "1.6.2");
        var workshop = Guid.NewGuid();
        var evidence = new[]
        {
            new ItemEvidence(item.Id, workshop, "Focus group", Guid.NewGuid(), 1, ActivityKind.DotVote, 12, ImmutableDictionary<string, double>.Empty.Add("votes", 7), null, DateTimeOffset.UnixEpoch),
            new ItemEvidence(item.Id, workshop, "Focus group", Guid.NewGuid(), 1, ActivityKind.Rating, 10, ImmutableDictionary<string, double>.Empty.Add("mean", 4.2), null, DateTimeOffset.UnixEpoch.AddDays(1)),
        };

        var package = JsonSerializer.SerializeToNode(CaseExport.ToPackage(state, state.Version(1)!, Base, evidence), CaseJson.Write)!;

        var exported = package["CFItems"]!.AsArray().Single(i => i!["humanCodingScheme"]!.GetValue<string>() == "1.6.2")!;
        Assert.Equal(item.Labels["sl"], exported["fullStatement"]!.GetValue<string>());
        Assert.Equal(item.Labels["en"], exported["extensions"]!["labels"]!["en"]!.GetValue<string>());
        var summary = exported["extensions"]!["workshopEvidence"]!;
        Assert.Equal(2, summary["records"]!.GetValue<int>());
        Assert.Equal(1, summary["workshops"]!.GetValue<int>());
        Assert.Equal("1970-01-02T00:00:00Z", summary["lastAt"]!.GetValue<string>());
        Assert.Equal(1, package["CFItems"]!.AsArray().Count(i => i!["extensions"]!["workshopEvidence"] is not null));
    }

    /// <summary>Two Delphi rounds on one item (no consensus, then in), and a country's own round 2 that the model does not take.</summary>
    internal static ItemEvidence[] DelphiRounds(Guid item)
    {
        var (workshop, activity) = (Guid.NewGuid(), Guid.NewGuid());
        var statistics = ImmutableDictionary<string, double>.Empty.Add("importance.agreement", 0.6);
        var round1 = new ItemEvidence(item, workshop, "Focus groups SI and IT", activity, 1, ActivityKind.Rating, 8, statistics, null, DateTimeOffset.UnixEpoch,
            new ConsensusRule(), new ItemConsensus(item, "importance", ConsensusStatus.NoConsensus, 8, 0.6, 0.125, 4, 2));
        var round2 = round1 with
        {
            Round = 2, At = DateTimeOffset.UnixEpoch.AddDays(2),
            Consensus = new ItemConsensus(item, "importance", ConsensusStatus.In, 8, 0.875, 0, 4, 1),
            Stability = new ItemStability(item, "importance", 7, 2.0 / 7, 0, -1),
        };
        var italy = round2 with { Segment = "country=IT", N = 4, Consensus = round2.Consensus! with { Status = ConsensusStatus.NoConsensus, N = 4 } };
        return [round1, round2, italy];
    }

    [Fact]
    public void An_item_rated_in_delphi_rounds_carries_the_rule_the_status_the_round_and_the_convergence_under_extensions()
    {
        var state = Seed(Coordinator);
        var item = state.Version(1)!.Items.Single(i => i.Code == "1.6.2");

        var package = JsonSerializer.SerializeToNode(CaseExport.ToPackage(state, state.Version(1)!, Base, DelphiRounds(item.Id)), CaseJson.Write)!;

        var consensus = package["CFItems"]!.AsArray().Single(i => i!["humanCodingScheme"]!.GetValue<string>() == "1.6.2")!["extensions"]!["consensus"]!;
        Assert.Equal("in", consensus["status"]!.GetValue<string>());
        Assert.Equal(2, consensus["round"]!.GetValue<int>());
        var rounds = consensus["rounds"]!.AsArray();
        Assert.Equal([1, 2], rounds.Select(r => r!["round"]!.GetValue<int>()));
        Assert.Equal(["none", "in"], rounds.Select(r => r!["status"]!.GetValue<string>()));
        var last = rounds[1]!;
        Assert.Equal((8, 0.875, 4.0, 1.0, "importance"), (last["n"]!.GetValue<int>(), last["agreement"]!.GetValue<double>(), last["median"]!.GetValue<double>(), last["iqr"]!.GetValue<double>(), last["scale"]!.GetValue<string>()));
        Assert.Equal((0.75, 1.0, 5, 0.15), (last["rule"]!["minAgreement"]!.GetValue<double>(), last["rule"]!["maxIqr"]!.GetValue<double>(), last["rule"]!["minN"]!.GetValue<int>(), last["rule"]!["stableBelow"]!.GetValue<double>()));
        Assert.Equal((7, 2.0 / 7, -1.0), (last["stability"]!["paired"]!.GetValue<int>(), last["stability"]!["movedShare"]!.GetValue<double>(), last["stability"]!["iqrChange"]!.GetValue<double>()));
        Assert.Null(rounds[0]!["stability"]);
        Assert.Equal("1970-01-03T00:00:00Z", last["at"]!.GetValue<string>());
        Assert.Equal(1, package["CFItems"]!.AsArray().Count(i => i!["extensions"]!["consensus"] is not null));
    }

    [Fact]
    public void The_identifiers_are_stable_from_one_export_to_the_next()
    {
        var first = Export(Seed(Coordinator)).ToJsonString();
        var second = Export(Seed(Coordinator)).ToJsonString();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("community-network-coordinator")]
    [InlineData("community-worker")]
    [InlineData("community-worker-zh")]
    [InlineData("mentor-pl")]
    public void Export_then_import_gives_the_same_tree(string seed)
    {
        var original = Seed(seed);
        var json = Encoding.UTF8.GetBytes(Export(original).ToJsonString());

        var definition = CaseImport.FromPackage(new MemoryStream(json));
        var imported = FrameworkDefinitions.ToState(definition with { Id = "copy" }, DateTimeOffset.UnixEpoch);

        Assert.Equal(original.Languages, imported.Languages);
        Assert.Equal(original.Titles.OrderBy(t => t.Key), imported.Titles.OrderBy(t => t.Key));
        Assert.Equal(Shape(original), Shape(imported));
        Assert.Equal(Statuses(original), Statuses(imported));
    }

    [Fact]
    public void The_document_carries_each_languages_translation_status_under_extensions()
    {
        var document = Export(Seed("community-network-coordinator"))["CFDocument"]!["extensions"]!["translations"]!.AsObject();

        Assert.Equal(["sl=original", "en=machine", "it=machine", "fr=machine"], document.Select(s => $"{s.Key}={s.Value}"));
    }

    private static List<string> Statuses(FrameworkState state) =>
        [.. FrameworkTranslations.Statuses(state, state.Version(1)!).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")];

    /// <summary>The tree by codes: each item's parent code, order, kind, labels and descriptions.</summary>
    internal static List<string> Shape(FrameworkState state)
    {
        var version = state.Version(1)!;
        string Text(IReadOnlyDictionary<string, string> texts) => string.Join("|", texts.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
        return version.Items
            .Select(i => $"{i.Code} <- {(i.ParentId is { } p ? version.Find(p)!.Code : "root")} #{i.Order} {i.Kind} [{Text(i.Labels)}] [{Text(i.Descriptions)}]")
            .Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void A_minimal_CASE_1_0_package_without_codes_or_types_imports_with_generated_codes_and_kinds_by_depth()
    {
        const string json = """
        {
          "CFDocument": { "identifier": "D1", "uri": "https://x/d1", "creator": "X", "title": "Reading", "lastChangeDateTime": "2020-01-01T00:00:00Z", "language": "en",
                          "CFPackageURI": { "title": "Reading", "identifier": "D1", "uri": "https://x/p/d1" } },
          "CFItems": [
            { "identifier": "B", "fullStatement": "Second", "uri": "https://x/b", "lastChangeDateTime": "2020-01-01T00:00:00Z" },
            { "identifier": "A", "fullStatement": "First", "uri": "https://x/a", "lastChangeDateTime": "2020-01-01T00:00:00Z" },
            { "identifier": "A1", "fullStatement": "First child", "CFItemType": "Behavioural indicator", "uri": "https://x/a1", "lastChangeDateTime": "2020-01-01T00:00:00Z" }
          ],
          "CFAssociations": [
            { "identifier": "X1", "associationType": "isChildOf", "sequenceNumber": 2, "originNodeURI": { "identifier": "B" }, "destinationNodeURI": { "identifier": "D1" } },
            { "identifier": "X2", "associationType": "isChildOf", "sequenceNumber": 1, "originNodeURI": { "identifier": "A" }, "destinationNodeURI": { "uri": "https://x/d1" } },
            { "identifier": "X3", "associationType": "isChildOf", "originNodeURI": { "uri": "https://x/a1" }, "destinationNodeURI": { "identifier": "A" } },
            { "identifier": "X4", "associationType": "isRelatedTo", "originNodeURI": { "identifier": "A" }, "destinationNodeURI": { "identifier": "elsewhere" } }
          ]
        }
        """;

        var definition = CaseImport.FromPackage(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("reading", definition.Id);
        Assert.Equal(["1", "2"], definition.Items.Select(i => i.Code));
        Assert.Equal(["First", "Second"], definition.Items.Select(i => i.Labels["en"]));
        Assert.Equal(ItemKind.Category, definition.Items[0].Kind);
        var child = Assert.Single(definition.Items[0].Children!);
        Assert.Equal(("1.1", ItemKind.Indicator), (child.Code, child.Kind));
    }

    [Fact]
    public void Codes_generated_for_code_less_items_stay_short_at_the_deepest_level_and_under_a_long_code()
    {
        var chain = string.Join(", ", Enumerable.Range(1, FrameworkLimits.MaxDepth).Select(i =>
            $$"""{ "identifier": "x{{i}}", "associationType": "isChildOf", "originNodeURI": { "identifier": "i{{i}}" }, "destinationNodeURI": { "identifier": "{{(i == 1 ? "doc" : $"i{i - 1}")}}" } }"""));
        var items = string.Join(", ", Enumerable.Range(1, FrameworkLimits.MaxDepth).Select(i => $$"""{ "identifier": "i{{i}}", "fullStatement": "Level {{i}}" }"""));
        var longCode = new string('L', FrameworkLimits.MaxCodeLength);
        var package = Package($$"""[{{items}}, { "identifier": "long", "fullStatement": "Long", "humanCodingScheme": "{{longCode}}" }, { "identifier": "under", "fullStatement": "Under" }]""",
            $$"""[{{chain}}, { "identifier": "y", "associationType": "isChildOf", "originNodeURI": { "identifier": "under" }, "destinationNodeURI": { "identifier": "long" } }]""");

        var state = FrameworkDefinitions.ToState(CaseImport.FromPackage(new MemoryStream(Encoding.UTF8.GetBytes(package))), DateTimeOffset.UnixEpoch);

        var codes = state.Version(1)!.InTreeOrder().Select(i => i.Item.Code).ToList();
        Assert.Equal(string.Join(".", Enumerable.Repeat("1", FrameworkLimits.MaxDepth)), codes[FrameworkLimits.MaxDepth - 1]);
        Assert.Equal([longCode, "1-2"], codes[^2..]);
    }

    public static TheoryData<string, string> BadPackages => new()
    {
        { "{ \"CFDocument\": { \"identifier\": \"d\" ,, } }", "line 1" },
        { "[1, 2, 3]", "not a CASE CFPackage" },
        { "{ \"name\": \"not case\" }", "no CFDocument" },
        { Package("""[{ "identifier": "a", "fullStatement": "A" }]""", """[{ "identifier": "x", "associationType": "isChildOf", "originNodeURI": { "identifier": "a" }, "destinationNodeURI": { "identifier": "nowhere" } }]"""), "unknown node nowhere" },
        { Package("""[{ "identifier": "a", "fullStatement": "A", "humanCodingScheme": "1" }, { "identifier": "b", "fullStatement": "B", "humanCodingScheme": "2" }]""",
                  """[{ "identifier": "x", "associationType": "isChildOf", "originNodeURI": { "identifier": "a" }, "destinationNodeURI": { "identifier": "b" } }, { "identifier": "y", "associationType": "isChildOf", "originNodeURI": { "identifier": "b" }, "destinationNodeURI": { "identifier": "a" } }]"""), "cycle" },
        { Package("""[{ "identifier": "a", "fullStatement": "A", "humanCodingScheme": "1" }, { "identifier": "b", "fullStatement": "B", "humanCodingScheme": "1" }]""", "[]"), "\"1\" is used by two items" },
    };

    internal static string Package(string items, string associations) =>
        $$"""{ "CFDocument": { "identifier": "doc", "title": "T", "language": "en" }, "CFItems": {{items}}, "CFAssociations": {{associations}} }""";

    [Theory]
    [MemberData(nameof(BadPackages))]
    public void A_bad_package_is_refused_with_a_message_that_says_what_and_where(string json, string expected)
    {
        var error = Assert.Throws<CaseImportException>(() => CaseImport.FromPackage(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_package_above_the_limit_is_refused()
    {
        var error = Assert.Throws<CaseImportException>(() => CaseImport.FromPackage(new MemoryStream(new byte[101]), maxBytes: 100));

        Assert.Contains("larger than the limit", error.Message);
    }
}

/// <summary>The CASE endpoints over HTTP: the download, the CASE read API, and the import (facilitators).</summary>
public sealed class CaseApiTests(CaseApiTests.App shared) : IClassFixture<CaseApiTests.App>
{
    private const string Coordinator = "community-network-coordinator";
    private readonly HttpClient anonymous = shared.Factory.CreateClient();

    private HttpClient As(string role)
    {
        var client = shared.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestSignIn.Header, role);
        client.DefaultRequestHeaders.Add(CrossSiteGuard.Header, "XMLHttpRequest");
        return client;
    }

    [Fact]
    public async Task A_published_version_downloads_as_a_CFPackage_file()
    {
        var response = await anonymous.GetAsync($"/api/frameworks/{Coordinator}/versions/1/case");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{Coordinator}-v1.case.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var package = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(CaseExport.DocumentId(Coordinator, 1).ToString(), package["CFDocument"]!["identifier"]!.GetValue<string>());
        Assert.Equal(192, package["CFItems"]!.AsArray().Count);
        Assert.StartsWith("http://localhost/ims/case/v1p1/CFItems/", package["CFItems"]![0]!["uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_facilitators_CASE_download_carries_the_recorded_delphi_consensus_of_an_item()
    {
        var grains = shared.Factory.Services.GetRequiredService<IGrainFactory>();
        var item = (await grains.GetGrain<IFrameworkGrain>("mentor-pl").Get())!.Version(1)!.Items[0];
        await grains.GetGrain<IItemEvidenceGrain>("mentor-pl").Record([.. CaseExportImportTests.DelphiRounds(item.Id)]);

        var package = JsonNode.Parse(await As(Roles.Facilitator).GetStringAsync("/api/frameworks/mentor-pl/versions/1/case"))!;

        var consensus = package["CFItems"]!.AsArray().Single(i => i!["identifier"]!.GetValue<string>() == CaseExport.Id(item.Id))!["extensions"]!["consensus"]!;
        Assert.Equal(("in", 2), (consensus["status"]!.GetValue<string>(), consensus["round"]!.GetValue<int>()));
        Assert.Equal(2, consensus["rounds"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_draft_downloads_only_for_a_facilitator()
    {
        var draft = await shared.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkGrain>("mentor-pl").StartDraft("test");

        var hidden = await anonymous.GetAsync($"/api/frameworks/mentor-pl/versions/{draft}/case");
        var shown = await As(Roles.Facilitator).GetAsync($"/api/frameworks/mentor-pl/versions/{draft}/case");
        var documents = await anonymous.GetFromJsonAsync<JsonElement>("/ims/case/v1p1/CFDocuments");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.DoesNotContain(documents.GetProperty("CFDocuments").EnumerateArray(),
            d => d.GetProperty("identifier").GetString() == CaseExport.DocumentId("mentor-pl", draft).ToString());
    }

    [Fact]
    public async Task The_CASE_read_API_lists_documents_and_serves_packages_items_and_associations()
    {
        var documentId = CaseExport.DocumentId(Coordinator, 1).ToString();

        var documents = await anonymous.GetFromJsonAsync<JsonElement>("/ims/case/v1p1/CFDocuments");
        var package = await anonymous.GetFromJsonAsync<JsonElement>($"/ims/case/v1p1/CFPackages/{documentId}");
        var firstItem = package.GetProperty("CFItems")[0];
        var item = await anonymous.GetFromJsonAsync<JsonElement>($"/ims/case/v1p1/CFItems/{firstItem.GetProperty("identifier").GetString()}");
        var firstAssociation = package.GetProperty("CFAssociations")[0];
        var association = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(firstAssociation.GetProperty("uri").GetString()!).PathAndQuery);
        var unknownPackage = await anonymous.GetAsync($"/ims/case/v1p1/CFPackages/{Guid.NewGuid()}");
        var unknownItem = await anonymous.GetAsync("/ims/case/v1p1/CFItems/not-a-uuid");
        var unknownAssociation = await anonymous.GetAsync($"/ims/case/v1p1/CFAssociations/{Guid.NewGuid()}");

        var document = documents.GetProperty("CFDocuments").EnumerateArray().Single(d => d.GetProperty("identifier").GetString() == documentId);
        Assert.Equal($"http://localhost/ims/case/v1p1/CFPackages/{documentId}", document.GetProperty("CFPackageURI").GetProperty("uri").GetString());
        Assert.True(documents.GetProperty("CFDocuments").GetArrayLength() >= 4);
        Assert.Equal(192, package.GetProperty("CFAssociations").GetArrayLength());
        Assert.Equal(firstItem.GetProperty("fullStatement").GetString(), item.GetProperty("fullStatement").GetString());
        Assert.Equal("1", item.GetProperty("humanCodingScheme").GetString());
        Assert.Equal(documentId, item.GetProperty("CFDocumentURI").GetProperty("identifier").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownPackage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownItem.StatusCode);
        Assert.True(JsonElement.DeepEquals(firstAssociation, association), $"{association}");
        Assert.Equal(HttpStatusCode.NotFound, unknownAssociation.StatusCode);
    }

    [Fact]
    public async Task Only_a_facilitator_may_import()
    {
        var package = await anonymous.GetStringAsync($"/api/frameworks/{Coordinator}/versions/1/case");

        var nobody = await anonymous.PostAsync("/api/frameworks/import/case", Json(package));
        var participant = await As("participant").PostAsync("/api/frameworks/import/case", Json(package));

        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, participant.StatusCode);
    }

    [Fact]
    public async Task An_exported_version_imports_as_a_new_framework_with_the_same_tree_from_a_JSON_body_or_a_file()
    {
        var package = await anonymous.GetStringAsync($"/api/frameworks/{Coordinator}/versions/1/case");
        var facilitator = As(Roles.Facilitator);

        var fromBody = await facilitator.PostAsync("/api/frameworks/import/case", Json(package));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(package)), "file", "coordinator.case.json" } };
        var fromFile = await facilitator.PostAsync("/api/frameworks/import/case", form);

        Assert.Equal(HttpStatusCode.Created, fromBody.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromFile.StatusCode);
        var first = (await fromBody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var second = (await fromFile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal($"/api/frameworks/{first}/versions/1", fromBody.Headers.Location?.OriginalString);
        var grains = shared.Factory.Services.GetRequiredService<IGrainFactory>();
        var original = await grains.GetGrain<IFrameworkGrain>(Coordinator).Get();
        foreach (var id in new[] { first, second })
        {
            var imported = await grains.GetGrain<IFrameworkGrain>(id).Get();
            Assert.NotNull(imported);
            Assert.Equal(CaseExportImportTests.Shape(original!), CaseExportImportTests.Shape(imported!));
            Assert.Contains(id, await grains.GetGrain<IFrameworkRegistryGrain>(0).List());
        }
    }

    public static TheoryData<string, string> BadBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var row in CaseExportImportTests.BadPackages) data.Add((string)row[0], (string)row[1]);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_package_is_a_400_with_the_reason_and_imports_nothing(string json, string expected)
    {
        var grains = shared.Factory.Services.GetRequiredService<IGrainFactory>();
        var before = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();

        var response = await As(Roles.Facilitator).PostAsync("/api/frameworks/import/case", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await grains.GetGrain<IFrameworkRegistryGrain>(0).List());
    }

    [Fact]
    public async Task A_file_above_5_MB_is_a_400_and_imports_nothing()
    {
        var grains = shared.Factory.Services.GetRequiredService<IGrainFactory>();
        var before = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();
        var big = CaseExportImportTests.Package($"[{{ \"identifier\": \"a\", \"fullStatement\": \"{new string('x', 5 * 1024 * 1024)}\" }}]", "[]");

        var asBody = await As(Roles.Facilitator).PostAsync("/api/frameworks/import/case", Json(big));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(big)), "file", "big.json" } };
        var asFile = await As(Roles.Facilitator).PostAsync("/api/frameworks/import/case", form);

        Assert.Equal(HttpStatusCode.BadRequest, asBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, asFile.StatusCode);
        Assert.Contains("larger than the limit of 5 MB", (await asBody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Contains("larger than the limit of 5 MB", (await asFile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await grains.GetGrain<IFrameworkRegistryGrain>(0).List());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The app, with a test sign-in: a request with the header X-Test-Role is signed in with that role.</summary>
    public sealed class App : IAsyncLifetime
    {
        public SignedInApp Factory { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    /// <remarks>
    /// With an administrator from configuration: on a fresh install the setup redirect (FirstAdministrator) still
    /// sends /ims/case/... to /setup, since it only lets /api and a few other paths through.
    /// </remarks>
    public sealed class SignedInApp() : WorkshopApp(new Dictionary<string, string?>
    {
        ["Workshop:Administrator:Email"] = "owner@example.org",
        ["Workshop:Administrator:Password"] = "correct-horse-42",
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestSignIn>(TestSignIn.Name, _ => { });
                services.PostConfigure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = TestSignIn.Name);
            });
        }
    }

    public sealed class TestSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "Test";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var role)) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "test@example.org"), new Claim(ClaimTypes.Role, role.ToString())], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
