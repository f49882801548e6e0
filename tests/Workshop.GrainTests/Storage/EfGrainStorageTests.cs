using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using Workshop.Grains.Frameworks;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Storage;

[Collection(SqliteCollection.Name)]
public sealed class EfGrainStorageOnSqliteTests(SqliteCluster cluster) : EfGrainStorageTests(cluster);

[Collection(PostgreSqlCollection.Name)]
public sealed class EfGrainStorageOnPostgreSqlTests(PostgreSqlCluster cluster) : EfGrainStorageTests(cluster);

/// <summary>The storage used directly, as Orleans uses it: read, write with ETags, clear.</summary>
public abstract class EfGrainStorageTests(WorkshopClusterFixture fixture)
{
    private const string StateName = "framework";
    private static readonly DateTimeOffset Now = new(2025, 2, 3, 4, 5, 6, TimeSpan.FromHours(1));

    private readonly EfGrainStorage storage = fixture.CreateStorage();

    private static GrainId NewGrainId() => GrainId.Create("framework", $"storage-{Guid.NewGuid():N}");

    private static FrameworkState Seed(string id) =>
        FrameworkDefinitions.ToState(FrameworkDefinitions.Seeds().Single(s => s.Id == id), Now);

    private async Task<StoredState<FrameworkState>> Read(GrainId grainId, string stateName = StateName)
    {
        var state = new StoredState<FrameworkState>();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    private async Task<StoredState<FrameworkState>> Written(GrainId grainId, FrameworkState value)
    {
        var state = new StoredState<FrameworkState> { State = value };
        await storage.WriteStateAsync(StateName, grainId, state);
        return state;
    }

    [Fact]
    public void A_state_is_stored_as_the_same_bytes_that_Orleans_own_storage_serializer_writes()
    {
        // Rows written before the storage serialized straight into an array must read back unchanged.
        var serializer = fixture.SiloServices.GetRequiredService<Serializer>();
        var state = Seed("mentor-pl");

        Assert.Equal(new OrleansGrainStorageSerializer(serializer).Serialize(state).ToArray(), serializer.SerializeToArray(state));
    }

    [Fact]
    public async Task Reading_a_state_that_was_never_written_gives_a_fresh_state_and_no_record()
    {
        var state = await Read(NewGrainId());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.False(state.State.Exists);
    }

    [Theory]
    [InlineData("community-network-coordinator")]
    [InlineData("community-worker-zh")]
    [InlineData("mentor-pl")]
    public async Task A_written_state_reads_back_equal_with_the_etag_of_the_write(string seed)
    {
        var grainId = NewGrainId();

        var written = await Written(grainId, Seed(seed));
        var read = await Read(grainId);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(FrameworkSnapshot.Of(Seed(seed)), FrameworkSnapshot.Of(read.State));
    }

    [Fact]
    public async Task Writing_with_the_etag_last_read_replaces_the_state_and_gives_a_new_etag()
    {
        var grainId = NewGrainId();
        await Written(grainId, Seed("mentor-pl"));
        var read = await Read(grainId);
        var firstETag = read.ETag;

        read.State = FrameworkEditor.StartDraft(read.State, Now, "ana");
        await storage.WriteStateAsync(StateName, grainId, read);

        Assert.NotEqual(firstETag, read.ETag);
        var again = await Read(grainId);
        Assert.Equal(read.ETag, again.ETag);
        Assert.Equal(2, again.State.Versions.Count);
        Assert.Equal(FrameworkSnapshot.Of(read.State), FrameworkSnapshot.Of(again.State));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var grainId = NewGrainId();
        await Written(grainId, Seed("mentor-pl"));
        var first = await Read(grainId);
        var second = await Read(grainId);
        first.State = FrameworkEditor.StartDraft(first.State, Now, "first");
        await storage.WriteStateAsync(StateName, grainId, first);
        var staleETag = second.ETag;

        second.State = FrameworkEditor.StartDraft(second.State, Now, "second");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));

        Assert.Equal(staleETag, second.ETag);
        var stored = await Read(grainId);
        Assert.Equal(first.ETag, stored.ETag);
        Assert.Equal("first", stored.State.Draft!.Author);
        Assert.Equal(FrameworkSnapshot.Of(first.State), FrameworkSnapshot.Of(stored.State));
    }

    [Fact]
    public async Task Inserting_a_state_that_already_exists_without_an_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var grainId = NewGrainId();
        var existing = await Written(grainId, Seed("mentor-pl"));

        var newcomer = new StoredState<FrameworkState> { State = Seed("community-worker-zh") };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, newcomer));

        Assert.Null(newcomer.ETag);
        var stored = await Read(grainId);
        Assert.Equal(existing.ETag, stored.ETag);
        Assert.Equal("mentor-pl", stored.State.Id);
        Assert.Equal(FrameworkSnapshot.Of(Seed("mentor-pl")), FrameworkSnapshot.Of(stored.State));
    }

    [Fact]
    public async Task Clearing_a_state_removes_the_record_and_a_read_then_finds_none()
    {
        var grainId = NewGrainId();
        var written = await Written(grainId, Seed("mentor-pl"));

        await storage.ClearStateAsync(StateName, grainId, written);

        Assert.Null(written.ETag);
        Assert.False(written.RecordExists);
        Assert.False(written.State.Exists);
        var read = await Read(grainId);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.False(read.State.Exists);
    }

    [Fact]
    public async Task After_clearing_a_state_can_be_written_anew_but_not_with_the_etag_from_before()
    {
        var grainId = NewGrainId();
        var holder = await Written(grainId, Seed("mentor-pl"));
        var outdated = await Read(grainId);
        await storage.ClearStateAsync(StateName, grainId, holder);

        outdated.State = FrameworkEditor.StartDraft(outdated.State, Now, "late");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, outdated));
        Assert.False((await Read(grainId)).RecordExists);

        holder.State = Seed("community-worker-zh");
        await storage.WriteStateAsync(StateName, grainId, holder);
        var read = await Read(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("community-worker-zh", read.State.Id);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_the_record_stays()
    {
        var grainId = NewGrainId();
        await Written(grainId, Seed("mentor-pl"));
        var stale = await Read(grainId);
        var current = await Read(grainId);
        current.State = FrameworkEditor.StartDraft(current.State, Now, "current");
        await storage.WriteStateAsync(StateName, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));

        var stored = await Read(grainId);
        Assert.True(stored.RecordExists);
        Assert.Equal(current.ETag, stored.ETag);
        Assert.Equal("current", stored.State.Draft!.Author);
    }

    [Fact]
    public async Task Clearing_without_an_etag_while_a_record_exists_is_refused_and_the_record_stays()
    {
        var grainId = NewGrainId();
        var unaware = await Read(grainId);
        var written = await Written(grainId, Seed("mentor-pl"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, unaware));

        var stored = await Read(grainId);
        Assert.True(stored.RecordExists);
        Assert.Equal(written.ETag, stored.ETag);
    }

    [Fact]
    public async Task Clearing_a_state_that_was_never_written_is_accepted()
    {
        var grainId = NewGrainId();
        var state = await Read(grainId);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(state.RecordExists);
        Assert.False((await Read(grainId)).RecordExists);
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_type_key_and_state_name()
    {
        var key = $"storage-{Guid.NewGuid():N}";
        var framework = GrainId.Create("framework", key);
        var otherType = GrainId.Create("frameworkregistry", key);
        var otherKey = GrainId.Create("framework", key + "-b");

        await Written(framework, Seed("mentor-pl"));
        var otherName = new StoredState<FrameworkState> { State = Seed("community-worker-zh") };
        await storage.WriteStateAsync("another-state", framework, otherName);

        Assert.Equal("mentor-pl", (await Read(framework)).State.Id);
        Assert.Equal("community-worker-zh", (await Read(framework, "another-state")).State.Id);
        Assert.False((await Read(otherType)).RecordExists);
        Assert.False((await Read(otherKey)).RecordExists);
    }

    [Fact]
    public async Task Migrating_again_keeps_the_stored_states()
    {
        var grainId = NewGrainId();
        var written = await Written(grainId, Seed("mentor-pl"));

        var applied = await new SchemaMigrations(fixture.Database.Database, NullLoggerFactory.Instance).Migrate();

        Assert.Empty(applied);

        Assert.Equal(written.ETag, (await Read(grainId)).ETag);
    }
}
