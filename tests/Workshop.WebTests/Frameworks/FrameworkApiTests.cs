using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Frameworks;

public sealed class FrameworkApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly HttpClient client = shared.App.CreateClient();

    [Fact]
    public async Task Lists_the_four_seed_frameworks_with_their_published_versions_and_item_counts_by_kind()
    {
        var frameworks = await client.GetFromJsonAsync<JsonElement>("/api/frameworks");

        var byId = frameworks.EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(["community-network-coordinator", "community-worker", "community-worker-zh", "mentor-pl"], byId.Keys.Order());
        var coordinator = byId["community-network-coordinator"];
        Assert.Equal(["sl", "en", "it", "fr"], coordinator.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        var version = Assert.Single(coordinator.GetProperty("versions").EnumerateArray());
        Assert.Equal(1, version.GetProperty("number").GetInt32());
        Assert.Equal("published", version.GetProperty("status").GetString());
        var counts = version.GetProperty("itemCounts");
        Assert.Equal(3, counts.GetProperty("category").GetInt32());
        Assert.Equal(19, counts.GetProperty("competency").GetInt32());
        Assert.Equal(36, counts.GetProperty("subcompetency").GetInt32());
        Assert.Equal(5, byId["community-worker"].GetProperty("versions")[0].GetProperty("itemCounts").GetProperty("domain").GetInt32());
        Assert.Equal("沟通协调能力", FindByCode(await Tree("community-worker-zh", 1), "1.1").GetProperty("labels").GetProperty("zh").GetString());
    }

    [Fact]
    public async Task A_version_is_the_item_tree_with_lowercase_uuids_codes_and_labels()
    {
        var tree = await Tree("community-network-coordinator", 1);

        var roots = tree.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["1", "2", "3"], roots.Select(r => r.GetProperty("code").GetString()));
        var item = FindByCode(tree, "1.6.2");
        Assert.Equal("subcompetency", item.GetProperty("kind").GetString());
        var id = item.GetProperty("id").GetString()!;
        Assert.Equal(id.ToLowerInvariant(), id);
        Assert.True(Guid.TryParse(id, out _));
        Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("labels").GetProperty("sl").GetString()));
        Assert.All(item.GetProperty("children").EnumerateArray(), c => Assert.Equal("indicator", c.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task An_unknown_framework_or_version_is_a_404_with_a_problem_description()
    {
        var unknownFramework = await client.GetAsync("/api/frameworks/no-such-framework/versions/1");
        var unknownVersion = await client.GetAsync("/api/frameworks/community-worker/versions/99");

        Assert.Equal(HttpStatusCode.NotFound, unknownFramework.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Contains("no version 99", await unknownVersion.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_draft_is_not_readable_without_signing_in()
    {
        var grain = shared.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkGrain>("mentor-pl");
        var draft = await grain.StartDraft("test");

        var response = await client.GetAsync($"/api/frameworks/mentor-pl/versions/{draft}");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/frameworks");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var mentor = list.EnumerateArray().Single(f => f.GetProperty("id").GetString() == "mentor-pl");
        Assert.All(mentor.GetProperty("versions").EnumerateArray(), v => Assert.Equal("published", v.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Health_reports_healthy_when_the_database_and_the_cluster_answer()
    {
        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Tree(string framework, int version) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/frameworks/{framework}/versions/{version}");

    private static JsonElement FindByCode(JsonElement tree, string code)
    {
        IEnumerable<JsonElement> All(JsonElement node) => node.GetProperty("children").EnumerateArray().SelectMany(All).Prepend(node);
        return tree.GetProperty("items").EnumerateArray().SelectMany(All).Single(n => n.GetProperty("code").GetString() == code);
    }
}
