using System.Collections.Concurrent;
using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>
/// Joins to one workshop that arrive at this web node while its previous batch is on its way go together in the next
/// <see cref="IWorkshopGrain.JoinMany"/> call (group commit, as the storage does for writes): when a room scans the QR
/// code at once, the workshop stores its growing participant list once per batch instead of once per phone.
/// A lone join goes at once, so a quiet workshop waits for nothing.
/// </summary>
public sealed class JoinBatches(IGrainFactory grains)
{
    public const int MaxBatch = 200;
    private readonly ConcurrentDictionary<Guid, Queue> queues = new();

    public Task<Joined> Join(Guid workshopId, JoinRequest request) =>
        queues.GetOrAdd(workshopId, id => new Queue(grains.GetGrain<IWorkshopGrain>(id), idle => queues.TryRemove(KeyValuePair.Create(id, idle)))).Add(request);

    /// <summary>One workshop's waiting joins; it leaves the dictionary when it runs empty (a join racing that only makes a second queue, which the grain serialises).</summary>
    private sealed class Queue(IWorkshopGrain workshop, Action<Queue> idle)
    {
        private readonly object gate = new();
        private List<(JoinRequest Request, TaskCompletionSource<Joined> Done)> waiting = [];
        private bool sending;

        public Task<Joined> Add(JoinRequest request)
        {
            var done = new TaskCompletionSource<Joined>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                waiting.Add((request, done));
                if (sending) return done.Task;
                sending = true;
            }
            _ = Task.Run(Send);
            return done.Task;
        }

        private async Task Send()
        {
            while (true)
            {
                List<(JoinRequest Request, TaskCompletionSource<Joined> Done)> batch;
                lock (gate)
                {
                    if (waiting.Count == 0)
                    {
                        sending = false;
                        idle(this);
                        return;
                    }
                    batch = waiting.Take(MaxBatch).ToList();
                    waiting.RemoveRange(0, batch.Count);
                }
                try
                {
                    var results = await workshop.JoinMany(batch.Select(b => b.Request).ToImmutableList());
                    foreach (var ((_, done), result) in batch.Zip(results))
                    {
                        if (result.Joined is { } joined) done.SetResult(joined);
                        else done.SetException(new WorkshopRuleException(result.Error!.Value, result.Message!));
                    }
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in batch) done.TrySetException(e);
                }
            }
        }
    }
}
