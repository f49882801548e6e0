using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Workshop.Silo.Telemetry;

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
public sealed class GrainStateWriter(IDbContextFactory<GrainStateDbContext> contexts, WorkshopMetrics metrics) : IAsyncDisposable
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
        // Kept open across batches, as the commands prepared on it; a failure opens a new one for the next batch.
        GrainStateCommands? commands = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    commands ??= await GrainStateCommands.Open(contexts);
                    var applied = await commands.Commit([.. batch.Select(b => b.Write)]);
                    metrics.BatchCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
                    for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(applied[i]);
                }
                catch (Exception e)
                {
                    if (commands is not null) await commands.DisposeAsync();
                    commands = null;
                    foreach (var (_, done) in batch) done.TrySetException(e);
                }
            }
        }
        finally
        {
            if (commands is not null) await commands.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null) await loop;
    }
}
