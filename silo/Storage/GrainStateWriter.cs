using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Workshop.Silo.Storage;

public enum GrainStateWriteKind { Insert, Update, Delete }

/// <summary>One change to a grain state row; <see cref="ExpectedETag"/> is the ETag the grain read (null: no row).</summary>
public sealed record GrainStateWrite(
    GrainStateWriteKind Kind, string GrainType, string GrainKey, string StateName, string? ExpectedETag, string NewETag, byte[] Payload, DateTimeOffset At);

/// <summary>
/// Commits this silo's grain-state writes in groups ("group commit"): whatever is queued goes into one transaction,
/// so a burst of a thousand answers costs a few commits instead of a thousand, and SQLite sees one writer instead of
/// a thousand contending ones. A write still completes only after the transaction holding it has committed.
/// </summary>
public sealed class GrainStateWriter(IDbContextFactory<GrainStateDbContext> contexts) : IAsyncDisposable
{
    private const int MaxBatch = 500;
    private readonly Channel<(GrainStateWrite Write, TaskCompletionSource<bool> Done)> queue =
        Channel.CreateUnbounded<(GrainStateWrite, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object gate = new();
    private Task? loop;

    /// <summary>Applies the write once committed: true, or false when the row's ETag was not the expected one (nothing changed).</summary>
    public Task<bool> Write(GrainStateWrite write)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((write, done))) throw new ObjectDisposedException(nameof(GrainStateWriter));
        lock (gate) loop ??= Task.Run(Run);
        return done.Task;
    }

    private async Task Run()
    {
        var batch = new List<(GrainStateWrite Write, TaskCompletionSource<bool> Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await using var db = await contexts.CreateDbContextAsync();
                await using var transaction = await db.Database.BeginTransactionAsync();
                var applied = new bool[batch.Count];
                for (var i = 0; i < batch.Count; i++) applied[i] = await Apply(db, batch[i].Write);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(applied[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    private static async Task<bool> Apply(GrainStateDbContext db, GrainStateWrite write)
    {
        var row = db.GrainStates.Where(r => r.GrainType == write.GrainType && r.GrainKey == write.GrainKey && r.StateName == write.StateName);
        switch (write.Kind)
        {
            case GrainStateWriteKind.Insert:
                if (await row.AnyAsync()) return false;
                db.GrainStates.Add(new GrainStateRow
                {
                    GrainType = write.GrainType, GrainKey = write.GrainKey, StateName = write.StateName,
                    ETag = write.NewETag, Payload = write.Payload, UpdatedAt = write.At,
                });
                return true;
            case GrainStateWriteKind.Update:
                return await row.Where(r => r.ETag == write.ExpectedETag)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.ETag, write.NewETag).SetProperty(r => r.Payload, write.Payload).SetProperty(r => r.UpdatedAt, write.At)) == 1;
            default:
                // Nothing deleted: refused when the caller expected a record (an ETag) or did not know of one that exists.
                if (await row.Where(r => r.ETag == write.ExpectedETag).ExecuteDeleteAsync() == 1) return true;
                return write.ExpectedETag is null && !await row.AnyAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null) await loop;
    }
}
