using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Workshop.Grains.Frameworks;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Hosting;

[Collection(SqliteCollection.Name)]
public sealed class WorkshopSeedsOnSqliteTests(SqliteCluster cluster) : WorkshopSeedsTests(cluster);

[Collection(PostgreSqlCollection.Name)]
public sealed class WorkshopSeedsOnPostgreSqlTests(PostgreSqlCluster cluster) : WorkshopSeedsTests(cluster);

/// <summary>A silo set up with AddWorkshopStorage and AddWorkshopSeeds: the seeds are imported once and kept.</summary>
public abstract class WorkshopSeedsTests(WorkshopClusterFixture fixture)
{
    // Only the restart test edits a seed framework, and only this one.
    private const string EditedSeed = "mentor-pl";

    private static IReadOnlyList<string> SeedIds => FrameworkDefinitions.Seeds().Select(s => s.Id).ToList();

    private Task<IReadOnlyList<string>> Registered() => fixture.Grains.GetGrain<IFrameworkRegistryGrain>(0).List();

    private async Task<FrameworkState> Get(string id) =>
        await fixture.Grains.GetGrain<IFrameworkGrain>(id).Get() ?? throw new Xunit.Sdk.XunitException($"Seed {id} was not imported.");

    [Fact]
    public async Task Every_seed_is_imported_at_start_with_its_items_under_the_same_ids_as_its_definition()
    {
        Assert.NotEmpty(SeedIds);
        foreach (var seed in FrameworkDefinitions.Seeds())
        {
            var state = await Get(seed.Id);
            var expected = FrameworkDefinitions.ToState(seed, DateTimeOffset.UnixEpoch).Versions[0];
            var version1 = state.Version(1)!;
            Assert.Equal(seed.Id, state.Id);
            Assert.True(version1.IsPublished);
            Assert.Equal("seed", version1.Author);
            Assert.Equal(
                expected.Items.Select(i => (i.Id, i.ParentId, i.Code, i.Order)),
                version1.Items.Select(i => (i.Id, i.ParentId, i.Code, i.Order)));
        }
    }

    [Fact]
    public async Task The_registry_lists_each_seed_framework_exactly_once()
    {
        var registered = await Registered();

        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.All(SeedIds, id => Assert.Single(registered, r => r == id));
    }

    [Fact]
    public async Task Importing_a_seed_again_is_a_no_op()
    {
        var seed = FrameworkDefinitions.Seeds().Single(s => s.Id == "community-worker");
        var before = FrameworkSnapshot.Of(await Get(seed.Id));

        Assert.False(await fixture.Grains.GetGrain<IFrameworkGrain>(seed.Id).ImportIfAbsent(seed));

        Assert.Equal(before, FrameworkSnapshot.Of(await Get(seed.Id)));
        Assert.Single(await Registered(), r => r == seed.Id);
    }

    [Fact]
    public async Task Restarting_the_silo_imports_no_seed_again_adds_no_duplicates_and_keeps_edits_to_seeds()
    {
        var draft = await fixture.Grains.GetGrain<IFrameworkGrain>(EditedSeed).StartDraft("editor");
        var before = new Dictionary<string, string>();
        foreach (var id in SeedIds) before[id] = FrameworkSnapshot.Of(await Get(id));
        var registeredBefore = await Registered();

        await fixture.RestartSiloAsync();

        var registeredAfter = await Registered();
        Assert.Equal(registeredBefore, registeredAfter);
        Assert.Equal(registeredAfter.Count, registeredAfter.Distinct().Count());
        foreach (var id in SeedIds) Assert.Equal(before[id], FrameworkSnapshot.Of(await Get(id)));
        Assert.Equal(draft, (await Get(EditedSeed)).Draft!.Number);
    }

    [Fact]
    public void The_default_grain_storage_is_the_EF_Core_storage() =>
        Assert.IsType<EfGrainStorage>(fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
}
