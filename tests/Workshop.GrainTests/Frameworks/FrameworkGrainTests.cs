using System.Collections.Immutable;
using Orleans.Storage;
using Workshop.Grains.Frameworks;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Frameworks;

[Collection(SqliteCollection.Name)]
public sealed class FrameworkGrainOnSqliteTests(SqliteCluster cluster) : FrameworkGrainTests(cluster);

[Collection(PostgreSqlCollection.Name)]
public sealed class FrameworkGrainOnPostgreSqlTests(PostgreSqlCluster cluster) : FrameworkGrainTests(cluster);

/// <summary>The framework grain over the real EF Core storage: edits persist, refusals change nothing.</summary>
public abstract class FrameworkGrainTests(WorkshopClusterFixture fixture)
{
    private const string StateName = "framework";

    private static ImmutableDictionary<string, string> Texts(params (string Language, string Text)[] texts) =>
        texts.ToImmutableDictionary(t => t.Language, t => t.Text);

    private static ItemDefinition Node(ItemKind kind, string code, params ItemDefinition[] children) =>
        new(kind, code, Texts(("sl", $"Oznaka {code}"), ("en", $"Label {code}")), null, children.Length == 0 ? null : [.. children]);

    /// <summary>1 (1.1 (1.1.1), 1.2), 2.</summary>
    private static FrameworkDefinition Definition() => new(
        "replaced-by-the-grain-key",
        Texts(("sl", "Preizkusni model"), ("en", "Trial model")),
        Texts(("en", "Made by the tests")),
        "tests",
        ["sl", "en"],
        [
            Node(ItemKind.Domain, "1",
                Node(ItemKind.Competency, "1.1", Node(ItemKind.Indicator, "1.1.1")),
                Node(ItemKind.Competency, "1.2")),
            Node(ItemKind.Domain, "2"),
        ]);

    private static ItemDraft Draft(string code, string slLabel, ItemKind kind = ItemKind.Competency) =>
        new(kind, code, Texts(("sl", slLabel), ("en", $"{slLabel} (en)")));

    private async Task<IFrameworkGrain> NewFramework()
    {
        var grain = fixture.Grains.GetGrain<IFrameworkGrain>($"test-{Guid.NewGuid():N}");
        Assert.True(await grain.ImportIfAbsent(Definition()));
        return grain;
    }

    private static async Task<FrameworkState> Get(IFrameworkGrain grain) =>
        await grain.Get() ?? throw new Xunit.Sdk.XunitException($"Framework {grain.GetPrimaryKeyString()} does not exist.");

    private static async Task<Guid> ItemId(IFrameworkGrain grain, string code, int version = 1) =>
        (await Get(grain)).Version(version)!.Items.Single(i => i.Code == code).Id;

    /// <summary>What the database holds for the grain, read past Orleans with a storage of its own.</summary>
    private async Task<StoredState<FrameworkState>> Stored(IFrameworkGrain grain)
    {
        var state = new StoredState<FrameworkState>();
        await fixture.CreateStorage().ReadStateAsync(StateName, grain.GetGrainId(), state);
        return state;
    }

    [Fact]
    public async Task Importing_a_framework_stores_it_as_published_version_1_under_the_grain_key_and_registers_it()
    {
        var grain = await NewFramework();

        var state = await Get(grain);
        Assert.Equal(grain.GetPrimaryKeyString(), state.Id);
        var version = Assert.Single(state.Versions);
        Assert.Equal(VersionStatus.Published, version.Status);
        Assert.Equal(["1", "1.1", "1.1.1", "1.2", "2"], version.Items.Select(i => i.Code));
        var stored = await Stored(grain);
        Assert.True(stored.RecordExists);
        Assert.Equal(FrameworkSnapshot.Of(state), FrameworkSnapshot.Of(stored.State));
        Assert.Single(await fixture.Grains.GetGrain<IFrameworkRegistryGrain>(0).List(), id => id == grain.GetPrimaryKeyString());
    }

    [Fact]
    public async Task Importing_an_existing_framework_again_changes_nothing_and_registers_it_once()
    {
        var grain = await NewFramework();
        await grain.StartDraft("ana");
        var before = FrameworkSnapshot.Of(await Get(grain));

        var imported = await grain.ImportIfAbsent(Definition() with { Title = Texts(("sl", "Drugačen")) });

        Assert.False(imported);
        Assert.Equal(before, FrameworkSnapshot.Of(await Get(grain)));
        Assert.Single(await fixture.Grains.GetGrain<IFrameworkRegistryGrain>(0).List(), id => id == grain.GetPrimaryKeyString());
    }

    [Fact]
    public async Task Edits_through_the_grain_are_stored_and_come_back_after_the_grain_is_deactivated()
    {
        var grain = await NewFramework();
        var draft = await grain.StartDraft("ana");
        var added = await grain.AddItem(draft, await ItemId(grain, "1"), Draft("1.3", "Nova"));
        await grain.UpdateItem(draft, await ItemId(grain, "1.2"), Draft("1.2", "Spremenjena"));
        await grain.MoveItem(draft, added, null, 0);
        await grain.DeleteItem(draft, await ItemId(grain, "1.1"));
        var edited = await Get(grain);

        await fixture.Cluster.DeactivateAsync(grain);
        var reloaded = await Get(grain);

        Assert.Equal(FrameworkSnapshot.Of(edited), FrameworkSnapshot.Of(reloaded));
        Assert.Equal(FrameworkSnapshot.Of(edited), FrameworkSnapshot.Of((await Stored(grain)).State));
        var version = reloaded.Version(draft)!;
        Assert.Equal(2, draft);
        Assert.Equal("ana", version.Author);
        Assert.Equal(["1.3", "1", "2"], version.Children(null).Select(i => i.Code));
        Assert.Equal(["1.2"], version.Children(await ItemId(grain, "1", draft)).Select(i => i.Code));
        Assert.Equal("Spremenjena", version.Items.Single(i => i.Code == "1.2").Labels["sl"]);
        Assert.Equal(["1", "1.1", "1.1.1", "1.2", "2"], reloaded.Version(1)!.Items.Select(i => i.Code));
    }

    [Fact]
    public async Task A_draft_is_published_through_the_grain_and_a_new_draft_starts_from_it()
    {
        var grain = await NewFramework();
        var first = await grain.StartDraft("ana");
        var added = await grain.AddItem(first, null, Draft("3", "Tretje", ItemKind.Domain));

        await grain.Publish(first);
        await fixture.Cluster.DeactivateAsync(grain);
        var second = await grain.StartDraft("bor");

        var state = await Get(grain);
        Assert.Equal(3, second);
        Assert.Equal([VersionStatus.Published, VersionStatus.Published, VersionStatus.Draft], state.Versions.Select(v => v.Status));
        Assert.NotNull(state.Version(first)!.PublishedAt);
        Assert.NotNull(state.Version(second)!.Find(added));
        Assert.Equal(second, await grain.StartDraft("someone else"));
        Assert.Equal("bor", (await Get(grain)).Draft!.Author);
    }

    [Fact]
    public async Task A_framework_edited_through_the_grain_survives_a_silo_restart_and_can_be_edited_further()
    {
        var grain = await NewFramework();
        var draft = await grain.StartDraft("ana");
        await grain.AddItem(draft, await ItemId(grain, "2"), Draft("2.1", "Pod drugim"));
        var before = FrameworkSnapshot.Of(await Get(grain));

        await fixture.RestartSiloAsync();

        grain = fixture.Grains.GetGrain<IFrameworkGrain>(grain.GetPrimaryKeyString());
        Assert.Equal(before, FrameworkSnapshot.Of(await Get(grain)));
        await grain.Publish(draft);
        Assert.True((await Get(grain)).Version(draft)!.IsPublished);
        Assert.Equal(FrameworkSnapshot.Of(await Get(grain)), FrameworkSnapshot.Of((await Stored(grain)).State));
        Assert.Single(await fixture.Grains.GetGrain<IFrameworkRegistryGrain>(0).List(), id => id == grain.GetPrimaryKeyString());
    }

    [Theory]
    [InlineData(FrameworkError.EmptyLabel)]
    [InlineData(FrameworkError.EmptyCode)]
    [InlineData(FrameworkError.DuplicateCode)]
    [InlineData(FrameworkError.MoveUnderDescendant)]
    [InlineData(FrameworkError.VersionPublished)]
    [InlineData(FrameworkError.UnknownItem)]
    [InlineData(FrameworkError.UnknownVersion)]
    public async Task A_refused_command_reaches_the_caller_with_its_error_and_changes_nothing_stored(FrameworkError error)
    {
        var grain = await NewFramework();
        var draft = await grain.StartDraft("ana");
        var domain = await ItemId(grain, "1", draft);
        var competency = await ItemId(grain, "1.1", draft);
        var before = FrameworkSnapshot.Of(await Get(grain));
        var etag = (await Stored(grain)).ETag;
        Func<Task> command = error switch
        {
            FrameworkError.EmptyLabel => () => grain.UpdateItem(draft, competency, new ItemDraft(ItemKind.Competency, "1.1", Texts(("en", "English only")))),
            FrameworkError.EmptyCode => () => grain.AddItem(draft, domain, Draft(" ", "Brez kode")),
            FrameworkError.DuplicateCode => () => grain.AddItem(draft, domain, Draft("1.2", "Dvojnik")),
            FrameworkError.MoveUnderDescendant => () => grain.MoveItem(draft, domain, competency, 0),
            FrameworkError.VersionPublished => () => grain.DeleteItem(1, competency),
            FrameworkError.UnknownItem => () => grain.DeleteItem(draft, Guid.NewGuid()),
            FrameworkError.UnknownVersion => () => grain.Publish(draft + 5),
            _ => throw new ArgumentOutOfRangeException(nameof(error)),
        };

        var refusal = await Assert.ThrowsAsync<FrameworkRuleException>(command);

        Assert.Equal(error, refusal.Error);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Equal(before, FrameworkSnapshot.Of(await Get(grain)));
        var stored = await Stored(grain);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(before, FrameworkSnapshot.Of(stored.State));
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(before, FrameworkSnapshot.Of(await Get(grain)));
    }

    [Fact]
    public async Task Editing_a_framework_that_does_not_exist_is_refused_and_creates_nothing()
    {
        var grain = fixture.Grains.GetGrain<IFrameworkGrain>($"missing-{Guid.NewGuid():N}");

        var refusal = await Assert.ThrowsAsync<FrameworkRuleException>(() => grain.StartDraft("ana"));

        Assert.Equal(FrameworkError.UnknownFramework, refusal.Error);
        Assert.Null(await grain.Get());
        Assert.False((await Stored(grain)).RecordExists);
        Assert.DoesNotContain(grain.GetPrimaryKeyString(), await fixture.Grains.GetGrain<IFrameworkRegistryGrain>(0).List());
    }

    [Fact]
    public async Task A_write_from_an_outdated_activation_is_refused_and_the_grain_then_shows_what_the_other_writer_stored()
    {
        var grain = await NewFramework();
        var other = fixture.CreateStorage();
        var stored = await Stored(grain);
        stored.State = FrameworkEditor.StartDraft(stored.State, DateTimeOffset.UtcNow, "other writer");
        await other.WriteStateAsync(StateName, grain.GetGrainId(), stored);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.StartDraft("ana"));

        Assert.Equal(FrameworkSnapshot.Of(stored.State), FrameworkSnapshot.Of((await Stored(grain)).State));
        var seen = await Get(grain);
        Assert.Equal(FrameworkSnapshot.Of(stored.State), FrameworkSnapshot.Of(seen));
        Assert.Equal("other writer", seen.Draft!.Author);
    }
}
