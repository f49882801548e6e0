using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Storage;

namespace Workshop.GrainTests.Storage;

[Collection(SqliteCollection.Name)]
public sealed class EfReminderTableOnSqliteTests(SqliteCluster cluster) : EfReminderTableTests(cluster);

[Collection(PostgreSqlCollection.Name)]
public sealed class EfReminderTableOnPostgreSqlTests(PostgreSqlCluster cluster) : EfReminderTableTests(cluster);

/// <summary>The reminder table used directly, as Orleans' reminder service uses it; each test is a service of its own.</summary>
public abstract class EfReminderTableTests(WorkshopClusterFixture fixture) : IAsyncLifetime
{
    private static readonly DateTime StartAt = new(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

    private readonly EfReminderTable table = Table(fixture, $"reminders-{Guid.NewGuid():N}");

    public Task InitializeAsync() => table.Init();

    public Task DisposeAsync() => Task.CompletedTask;

    private static EfReminderTable Table(WorkshopClusterFixture fixture, string serviceId) =>
        new(fixture.Database.ContextFactory(), Options.Create(new ClusterOptions { ServiceId = serviceId }));

    private static GrainId NewGrainId() => GrainId.Create("workshop", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grainId, string name, TimeSpan? period = null) =>
        new() { GrainId = grainId, ReminderName = name, StartAt = StartAt, Period = period ?? TimeSpan.FromHours(1) };

    [Fact]
    public async Task A_reminder_reads_back_as_written_by_grain_and_by_name_with_the_etag_of_its_upsert()
    {
        var grainId = NewGrainId();
        var etag = await table.UpsertRow(Entry(grainId, "erase"));
        await table.UpsertRow(Entry(grainId, "other", TimeSpan.FromMinutes(5)));
        await table.UpsertRow(Entry(NewGrainId(), "erase"));

        var read = await table.ReadRow(grainId, "erase");
        var ofGrain = await table.ReadRows(grainId);

        Assert.NotNull(read);
        Assert.Equal((grainId, "erase", StartAt, TimeSpan.FromHours(1), etag), (read.GrainId, read.ReminderName, read.StartAt, read.Period, read.ETag));
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(["erase", "other"], ofGrain.Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grainId, "absent"));
    }

    [Fact]
    public async Task An_upsert_replaces_the_reminder_with_a_new_etag_and_a_remove_with_the_old_etag_is_refused()
    {
        var grainId = NewGrainId();
        var first = await table.UpsertRow(Entry(grainId, "erase"));
        var second = await table.UpsertRow(Entry(grainId, "erase", TimeSpan.FromMinutes(2)));

        var staleRemoved = await table.RemoveRow(grainId, "erase", first!);

        Assert.NotEqual(first, second);
        Assert.False(staleRemoved);
        var stored = Assert.Single((await table.ReadRows(grainId)).Reminders);
        Assert.Equal((TimeSpan.FromMinutes(2), second), (stored.Period, stored.ETag));
        Assert.True(await table.RemoveRow(grainId, "erase", second!));
        Assert.Null(await table.ReadRow(grainId, "erase"));
        Assert.False(await table.RemoveRow(grainId, "erase", second!));
    }

    [Fact]
    public async Task A_hash_range_holds_the_reminders_above_its_start_up_to_its_end_and_wraps_around_when_it_starts_higher()
    {
        var grains = Enumerable.Range(0, 6).Select(_ => NewGrainId()).OrderBy(g => g.GetUniformHashCode()).ToList();
        foreach (var grainId in grains) await table.UpsertRow(Entry(grainId, "erase"));
        uint Hash(int i) => grains[i].GetUniformHashCode();
        async Task<IReadOnlyList<GrainId>> InRange(uint begin, uint end) =>
            (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()).ToList();

        Assert.Equal([grains[2], grains[3]], await InRange(Hash(1), Hash(3)));
        Assert.Equal([grains[0], grains[1], grains[5]], await InRange(Hash(4), Hash(1)));
        Assert.Equal(grains, await InRange(Hash(2), Hash(2)));
        Assert.Equal(grains, await InRange(0, uint.MaxValue));
    }

    [Fact]
    public async Task Services_sharing_the_database_see_and_clear_only_their_own_reminders()
    {
        var grainId = NewGrainId();
        var other = Table(fixture, $"reminders-{Guid.NewGuid():N}");
        await table.UpsertRow(Entry(grainId, "erase"));
        var othersETag = await other.UpsertRow(Entry(grainId, "erase", TimeSpan.FromMinutes(3)));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, uint.MaxValue)).Reminders);
        var kept = Assert.Single((await other.ReadRows(grainId)).Reminders);
        Assert.Equal(othersETag, kept.ETag);
    }
}
