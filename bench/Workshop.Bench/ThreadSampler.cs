using System.Globalization;

namespace Workshop.Bench;

/// <summary>
/// A poor man's profile of the server without tools: every 50 ms it reads, for each thread of the server process,
/// the kernel function it waits in (/proc/PID/task/TID/wchan; "0" while running) and tallies them per phase.
/// It shows how many threads run and whether the thread pool grows. futex_* covers idle pool threads, lock waits and
/// also .NET's Thread.Sleep (the runtime sleeps on a condition variable), so it cannot tell those apart;
/// hrtimer_nanosleep is a native sleep (e.g. SQLite's own busy handler); fsync shows as jbd2 or file_write_and_wait_range.
/// </summary>
public sealed class ThreadSampler : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Dictionary<string, Phase> phases = [];
    private volatile string? current;

    public ThreadSampler(int pid)
    {
        this.pid = pid;
        loop = pid > 0 && Directory.Exists($"/proc/{pid}/task") ? Task.Run(Loop) : Task.CompletedTask;
    }

    public void Enter(string phase) => current = phase;

    public void Leave() => current = null;

    private async Task Loop()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (current is not { } name) continue;
                var counts = new Dictionary<string, int>();
                var threads = 0;
                foreach (var task in SafeList($"/proc/{pid}/task"))
                {
                    var wchan = SafeRead(Path.Combine(task, "wchan"));
                    if (wchan is null) continue;
                    threads++;
                    var key = wchan is "0" or "" ? "(running)" : wchan;
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
                lock (phases)
                {
                    if (!phases.TryGetValue(name, out var phase)) phases[name] = phase = new Phase();
                    phase.Samples++;
                    phase.MaxThreads = Math.Max(phase.MaxThreads, threads);
                    foreach (var (key, n) in counts)
                    {
                        phase.ThreadSamples[key] = phase.ThreadSamples.GetValueOrDefault(key) + n;
                        phase.Max[key] = Math.Max(phase.Max.GetValueOrDefault(key), n);
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>One line per phase: samples, most threads, and the mean (max) threads per wait state, most first.</summary>
    public IEnumerable<string> Report(int top = 6)
    {
        lock (phases)
            foreach (var (name, phase) in phases)
            {
                var states = phase.ThreadSamples.OrderByDescending(e => e.Value).Take(top)
                    .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value / (double)phase.Samples:F1} ({phase.Max[e.Key]})"));
                yield return $"{name}: {phase.Samples} samples, up to {phase.MaxThreads} threads; mean (max) threads: {string.Join(", ", states)}";
            }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private static string[] SafeList(string folder)
    {
        try { return Directory.GetDirectories(folder); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    private static string? SafeRead(string file)
    {
        try { return File.ReadAllText(file).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private sealed class Phase
    {
        public int Samples { get; set; }
        public int MaxThreads { get; set; }
        public Dictionary<string, long> ThreadSamples { get; } = [];
        public Dictionary<string, int> Max { get; } = [];
    }
}
