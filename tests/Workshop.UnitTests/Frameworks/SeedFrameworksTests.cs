using System.Text.RegularExpressions;
using Workshop.Grains.Frameworks;

namespace Workshop.UnitTests.Frameworks;

public partial class SeedFrameworksTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] ExpectedSeedIds =
        ["community-worker", "community-network-coordinator", "community-worker-zh", "mentor-pl"];

    public static TheoryData<string> SeedIds => new(ExpectedSeedIds);

    private static FrameworkDefinition Seed(string id)
    {
        var seeds = FrameworkDefinitions.Seeds();
        return Assert.Single(seeds, s => s.Id == id);
    }

    private static FrameworkState SeedState(string id) => FrameworkDefinitions.ToState(Seed(id), Now);

    private static FrameworkVersion Items(string id) => Assert.Single(SeedState(id).Versions);

    private static int Count(FrameworkVersion version, ItemKind kind) => version.Items.Count(i => i.Kind == kind);

    /// <summary>Every text of a framework: titles, descriptions, and each item's labels and descriptions in every language.</summary>
    private static IEnumerable<(string Where, string Text)> AllTexts(FrameworkState state) =>
        state.Titles.Select(t => ($"title[{t.Key}]", t.Value))
            .Concat(state.Descriptions.Select(t => ($"description[{t.Key}]", t.Value)))
            .Concat(state.Versions.SelectMany(v => v.Items).SelectMany(i =>
                i.Labels.Select(t => ($"{i.Code} label[{t.Key}]", t.Value))
                    .Concat(i.Descriptions.Select(t => ($"{i.Code} description[{t.Key}]", t.Value)))));

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex LowercaseVersion5Uuid();

    [Fact]
    public void The_shipped_seeds_load_each_framework_once()
    {
        var seeds = FrameworkDefinitions.Seeds();

        Assert.Equal(ExpectedSeedIds.Order(), seeds.Select(s => s.Id).Order());
        Assert.All(seeds, seed =>
        {
            Assert.NotEmpty(seed.Items);
            Assert.NotEmpty(seed.Languages);
            Assert.False(string.IsNullOrWhiteSpace(seed.Title.GetValueOrDefault(seed.Languages[0])), $"{seed.Id} has no title in {seed.Languages[0]}");
        });
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void A_seed_becomes_a_framework_whose_only_version_1_is_published(string id)
    {
        var state = SeedState(id);

        Assert.Equal(id, state.Id);
        Assert.True(state.Exists);
        var version = Assert.Single(state.Versions);
        Assert.Equal(1, version.Number);
        Assert.Equal(VersionStatus.Published, version.Status);
        Assert.Equal(Now, version.PublishedAt);
        Assert.Null(state.Draft);
        Assert.Same(version, state.LatestPublished);
    }

    [Fact]
    public void The_community_worker_model_has_5_domains_and_28_competencies()
    {
        var version = Items("community-worker");

        Assert.Equal(5, Count(version, ItemKind.Domain));
        Assert.Equal(28, Count(version, ItemKind.Competency));
        Assert.Equal(33, version.Items.Count);
        Assert.All(version.Children(null), root => Assert.Equal(ItemKind.Domain, root.Kind));
        Assert.All(version.Items.Where(i => i.Kind == ItemKind.Competency),
            c => Assert.Equal(ItemKind.Domain, version.Find(c.ParentId!.Value)!.Kind));
        Assert.Equal(["sl", "en", "it", "fr"], SeedState("community-worker").Languages);
    }

    [Fact]
    public void The_community_network_coordinator_model_has_3_categories_19_competencies_and_36_subcompetencies()
    {
        var version = Items("community-network-coordinator");

        Assert.Equal(3, Count(version, ItemKind.Category));
        Assert.Equal(19, Count(version, ItemKind.Competency));
        Assert.Equal(36, Count(version, ItemKind.Subcompetency));
        Assert.Contains(version.Items, i => i.Code == "1.6.2" && i.Kind == ItemKind.Subcompetency);
    }

    /// <summary>
    /// The source document (shared/seeds/001_0138153cbb0cd871.txt, lines 719-723) lists 1.8.3, 1.8.4 and
    /// 1.8.5 as bare headings with no behavioural indicators; every other subcompetency has some.
    /// </summary>
    [Fact]
    public void Every_subcompetency_of_the_community_network_coordinator_has_an_indicator_except_the_three_the_source_gives_none()
    {
        var version = Items("community-network-coordinator");

        var withoutIndicators = version.Items
            .Where(i => i.Kind == ItemKind.Subcompetency)
            .Where(s => !version.Children(s.Id).Any(c => c.Kind == ItemKind.Indicator))
            .Select(s => s.Code)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["1.8.3", "1.8.4", "1.8.5"], withoutIndicators);
        Assert.All(version.Items.Where(i => i.Kind == ItemKind.Indicator),
            indicator => Assert.Equal(ItemKind.Subcompetency, version.Find(indicator.ParentId!.Value)!.Kind));
    }

    [Fact]
    public void The_chinese_community_worker_model_is_labelled_in_chinese_with_english_alongside()
    {
        var state = SeedState("community-worker-zh");

        Assert.Equal(["zh", "en"], state.Languages);
        Assert.Equal("zh", state.DefaultLanguage);
        Assert.All(state.Versions[0].Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Labels.GetValueOrDefault("zh")), $"{i.Code} has no zh label"));
        Assert.Contains(state.Versions[0].Items, i => i.Labels["zh"] == "沟通协调能力");
    }

    [Fact]
    public void The_polish_mentor_model_is_labelled_in_polish_with_english_alongside()
    {
        var state = SeedState("mentor-pl");

        Assert.Equal(["pl", "en"], state.Languages);
        Assert.Equal("pl", state.DefaultLanguage);
        Assert.All(state.Versions[0].Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Labels.GetValueOrDefault("pl")), $"{i.Code} has no pl label"));
        Assert.Contains(state.Versions[0].Items, i => Regex.IsMatch(i.Labels["pl"], "[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]"));
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Every_seed_item_has_a_code_and_a_label_in_each_of_its_frameworks_languages(string id)
    {
        var state = SeedState(id);

        Assert.All(state.Versions[0].Items, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Code));
            Assert.All(state.Languages, language =>
                Assert.False(string.IsNullOrWhiteSpace(item.Labels.GetValueOrDefault(language)), $"{id} {item.Code} has no {language} label"));
        });
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Codes_are_unique_within_each_seed_framework_ignoring_case(string id)
    {
        var duplicates = Items(id).Items
            .GroupBy(i => i.Code, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.True(duplicates.Count == 0, $"{id} uses these codes more than once: {string.Join(", ", duplicates)}");
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void A_seed_tree_is_well_formed_with_orders_zero_to_n_minus_one(string id)
    {
        var version = Items(id);
        var ids = version.Items.Select(i => i.Id).ToHashSet();

        Assert.All(version.Items, i => Assert.True(i.ParentId is null || ids.Contains(i.ParentId.Value), $"{i.Code} has an unknown parent"));
        foreach (var siblings in version.Items.GroupBy(i => i.ParentId))
            Assert.Equal(Enumerable.Range(0, siblings.Count()), siblings.Select(i => i.Order).Order());
    }

    [Theory]
    [InlineData("¢")]
    [InlineData("€")]
    [InlineData("GRAIJENJE")]
    [InlineData("IDENTIETE")]
    [InlineData("AKTIVACIA")]
    [InlineData("VODENIJE")]
    [InlineData("UPRAVLIANJE")]
    public void No_seed_text_contains_OCR_debris(string debris)
    {
        var hits = FrameworkDefinitions.Seeds()
            .Select(seed => FrameworkDefinitions.ToState(seed, Now))
            .SelectMany(state => AllTexts(state)
                .Where(t => t.Text.Contains(debris, StringComparison.OrdinalIgnoreCase))
                .Select(t => $"{state.Id} {t.Where}: {t.Text}"))
            .ToList();

        Assert.True(hits.Count == 0, $"'{debris}' found in:{Environment.NewLine}{string.Join(Environment.NewLine, hits)}");
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Item_ids_are_the_same_every_time_a_seed_is_converted(string id)
    {
        var first = FrameworkDefinitions.ToState(Seed(id), Now);
        var second = FrameworkDefinitions.ToState(Seed(id), Now.AddDays(3));

        Assert.Equal(
            first.Versions[0].Items.Select(i => (i.Code, i.Id, i.ParentId)),
            second.Versions[0].Items.Select(i => (i.Code, i.Id, i.ParentId)));
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Item_ids_are_distinct_lowercase_version_5_uuids(string id)
    {
        var items = Items(id).Items;

        Assert.All(items, i => Assert.Matches(LowercaseVersion5Uuid(), i.Id.ToString()));
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Items_with_the_same_code_in_different_frameworks_get_different_ids()
    {
        var a = Items("community-worker").Items.Single(i => i.Code == "1");
        var b = Items("community-network-coordinator").Items.Single(i => i.Code == "1");

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void Name_based_guids_match_the_RFC_4122_version_5_test_vector()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        var guid = FrameworkDefinitions.NameBasedGuid(dns, "www.example.com");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), guid);
        Assert.Equal("2ed6657d-e927-568b-95e1-2665a8aea6a2", guid.ToString());
    }

    [Fact]
    public void Name_based_guids_depend_on_the_name_and_the_namespace()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        var url = new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(FrameworkDefinitions.NameBasedGuid(dns, "example"), FrameworkDefinitions.NameBasedGuid(dns, "example"));
        Assert.NotEqual(FrameworkDefinitions.NameBasedGuid(dns, "example"), FrameworkDefinitions.NameBasedGuid(dns, "Example"));
        Assert.NotEqual(FrameworkDefinitions.NameBasedGuid(dns, "example"), FrameworkDefinitions.NameBasedGuid(url, "example"));
    }

    [Fact]
    public void A_definition_in_json_is_read_with_lowercase_kinds_and_nested_children()
    {
        const string json = """
            {
              "id": "tiny",
              "title": { "sl": "Majhen", "en": "Tiny" },
              "languages": ["sl", "en"],
              "items": [
                { "kind": "category", "code": "1", "labels": { "sl": "Ena" },
                  "children": [ { "kind": "subcompetency", "code": "1.1", "labels": { "sl": "Ena ena", "en": " " } } ] }
              ]
            }
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var state = FrameworkDefinitions.ToState(FrameworkDefinitions.Parse(stream), Now);

        var items = state.Versions[0].Items;
        Assert.Equal([ItemKind.Category, ItemKind.Subcompetency], items.Select(i => i.Kind));
        Assert.Equal(items[0].Id, items[1].ParentId);
        Assert.Equal(["sl"], items[1].Labels.Keys);
        Assert.Empty(state.Descriptions);
        Assert.Equal("Tiny", state.Title("en"));
    }
}
