using System.Diagnostics.Metrics;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Telemetry;

/// <summary>What this server's counts look like right now.</summary>
public sealed record LiveFigureValues(
    long AnswersAcknowledged, double? AckP50Seconds, double? AckP95Seconds, long PhonesConnected, long Joins,
    long Refusals, double? BatchSizeMedian, double? BatchSizeLargest, long SnapshotsPushed);

/// <summary>
/// Listens to this process's <see cref="WorkshopMetrics"/> (the instruments of this app's meter factory, not another app's in the
/// same process) and keeps totals and the last minute's latencies and batch sizes for the console's panel.
/// </summary>
public sealed class LiveFigures : IHostedService, IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly MeterListener listener = new();
    private readonly RecentValues latencies;
    private readonly RecentValues batchSizes;
    private long answersAcknowledged, phonesConnected, joins, refusals, snapshotsPushed;

    public LiveFigures(IMeterFactory meters, TimeProvider clock)
    {
        latencies = new RecentValues(Window, clock);
        batchSizes = new RecentValues(Window, clock);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WorkshopMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Count(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
    }

    /// <summary>Listens from the app's start, so the totals count from then rather than from the first visit to the panel.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public LiveFigureValues Read() => new(
        Interlocked.Read(ref answersAcknowledged), latencies.Percentile(0.5), latencies.Percentile(0.95), Interlocked.Read(ref phonesConnected),
        Interlocked.Read(ref joins), Interlocked.Read(ref refusals), batchSizes.Percentile(0.5), batchSizes.Percentile(1), Interlocked.Read(ref snapshotsPushed));

    private void Count(string instrument, long value)
    {
        switch (instrument)
        {
            case WorkshopMetrics.AnswersAcknowledged: Interlocked.Add(ref answersAcknowledged, value); break;
            case WorkshopMetrics.PhonesConnected: Interlocked.Add(ref phonesConnected, value); break;
            case WorkshopMetrics.Joins: Interlocked.Add(ref joins, value); break;
            case WorkshopMetrics.Refusals: Interlocked.Add(ref refusals, value); break;
            case WorkshopMetrics.SnapshotsPushed: Interlocked.Add(ref snapshotsPushed, value); break;
        }
    }

    private void Record(string instrument, double value)
    {
        switch (instrument)
        {
            case WorkshopMetrics.AckDuration: latencies.Add(value); break;
            case WorkshopMetrics.BatchSize: batchSizes.Add(value); break;
        }
    }

    public void Dispose() => listener.Dispose();
}
