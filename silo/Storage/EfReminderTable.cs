using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Workshop.Silo.Storage;

/// <summary>
/// Orleans' reminder table over EF Core, in the product's database (SQLite or PostgreSQL): one table, one row per reminder.
/// Removing a row names the ETag it read and is refused when the row has changed since; upserts are unconditional, as
/// Orleans' reminder table contract has them.
/// </summary>
public sealed class EfReminderTable(
    IDbContextFactory<GrainStateDbContext> contexts,
    IOptions<ClusterOptions> cluster) : IReminderTable
{
    private string ServiceId => cluster.Value.ServiceId;

    /// <summary>Nothing to prepare: the table comes with the schema's migrations, applied before the reminder service starts.</summary>
    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        return await Read(r => r.GrainId == key, cancellationToken);
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>The rows whose grain hash is in (begin, end]; the range wraps around when begin is not below end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        long from = begin, to = end;
        return begin < end
            ? await Read(r => r.GrainHash > from && r.GrainHash <= to, cancellationToken)
            : await Read(r => r.GrainHash > from || r.GrainHash <= to, cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <summary>The reminder, or null when there is none (as Orleans' own tables answer).</summary>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        return (await Read(r => r.GrainId == key && r.ReminderName == reminderName, cancellationToken)).Reminders.SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        var key = entry.GrainId.ToString();
        var startAt = new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Update first; insert when there was nothing to update, and update again if another silo inserted meanwhile.
        for (var attempt = 0; ; attempt++)
        {
            var updated = await Rows(db).Where(r => r.GrainId == key && r.ReminderName == entry.ReminderName)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.StartAt, startAt).SetProperty(r => r.Period, entry.Period).SetProperty(r => r.ETag, etag), cancellationToken);
            if (updated == 1) return etag;
            db.Reminders.Add(new ReminderRow
            {
                ServiceId = ServiceId, GrainId = key, ReminderName = entry.ReminderName, GrainHash = entry.GrainId.GetUniformHashCode(),
                StartAt = startAt, Period = entry.Period, ETag = etag,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return etag;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Rows(db).Where(r => r.GrainId == key && r.ReminderName == reminderName && r.ETag == eTag).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await Rows(db).ExecuteDeleteAsync(cancellationToken);
    }

    private IQueryable<ReminderRow> Rows(GrainStateDbContext db) => db.Reminders.Where(r => r.ServiceId == ServiceId);

    private async Task<ReminderTableData> Read(System.Linq.Expressions.Expression<Func<ReminderRow, bool>> filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Rows(db).AsNoTracking().Where(filter).ToListAsync(cancellationToken);
        return new ReminderTableData(rows.Select(r => new ReminderEntry
        {
            GrainId = GrainId.Parse(r.GrainId), ReminderName = r.ReminderName, StartAt = r.StartAt.UtcDateTime, Period = r.Period, ETag = r.ETag,
        }));
    }
}
