using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Xunit.Abstractions;

namespace Workshop.GrainTests.Workshops;

/// <summary>What a join batch writes: its new participants (their grains, roster rows and timeline events), never the room as a whole.</summary>
[Collection(SqliteCollection.Name)]
public sealed class JoinWritesTests(SqliteCluster fixture, ITestOutputHelper output)
{
    private const int Batch = 20;

    [Fact]
    public async Task A_join_batch_writes_the_same_bytes_into_an_empty_room_and_into_a_room_of_four_hundred_and_never_the_workshop_state()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var workshopRow = await WorkshopRow(workshop.Id);

        var (first, firstRows) = await JoinBatch(workshop);
        for (var i = 0; i < 400 / Batch; i++) await JoinBatch(workshop);
        var (later, laterRows) = await JoinBatch(workshop);

        output.WriteLine($"grain state written by a batch of {Batch} joins: {first} B into an empty room, {later} B into a room of 400; journal rows {firstRows} and {laterRows}");
        Assert.Equal(workshopRow, await WorkshopRow(workshop.Id));
        Assert.Equal((Batch * 2, Batch * 2), (firstRows, laterRows));
        Assert.InRange(later, first - Batch, first + Batch);
        Assert.Equal(Batch * 22, (await workshop.Record()).Participants.Count);
    }

    /// <summary>One batch of joins and the grain-state bytes and journal rows written meanwhile.</summary>
    private async Task<(long Bytes, int JournalRows)> JoinBatch(LiveWorkshop workshop)
    {
        var before = await Written();
        var results = await workshop.Grain.JoinMany([.. Enumerable.Range(0, Batch).Select(_ => new JoinRequest(null, "sl", null))]);
        Assert.All(results, r => Assert.NotNull(r.Joined));
        var after = await Written();
        var bytes = after.States.Where(s => !before.States.Contains(s)).Sum(s => (long)s.Length);
        return (bytes, after.JournalRows - before.JournalRows);
    }

    private async Task<(HashSet<(string Key, string ETag, int Length)> States, int JournalRows)> Written()
    {
        await using var db = await fixture.Database.ContextFactory().CreateDbContextAsync();
        var states = await db.GrainStates.AsNoTracking().Select(r => new { r.GrainKey, r.ETag, r.Payload.Length }).ToListAsync();
        var journal = await db.Roster.CountAsync() + await db.Timeline.CountAsync();
        return (states.Select(s => (s.GrainKey, s.ETag, s.Length)).ToHashSet(), journal);
    }

    private async Task<string?> WorkshopRow(Guid id)
    {
        await using var db = await fixture.Database.ContextFactory().CreateDbContextAsync();
        var rows = await db.GrainStates.AsNoTracking().Where(r => r.StateName == "workshop").Select(r => new { r.GrainKey, r.ETag }).ToListAsync();
        return rows.SingleOrDefault(r => r.GrainKey.Contains(id.ToString("N"), StringComparison.OrdinalIgnoreCase))?.ETag;
    }
}
