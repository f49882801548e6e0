using System.Diagnostics.Metrics;
using Workshop.Grains.Workshops;

namespace Workshop.Silo.Telemetry;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/>: what a plenary looks like from the server
/// (answers, latency, phones, joins, storage batches, snapshot pushes, refusals, watched workshops and their timers). Exported by OpenTelemetry and read by the console's panel.
/// </summary>
public sealed class WorkshopMetrics
{
    public const string MeterName = "Workshop";
    public const string AnswersAcknowledged = "workshop.answers.acknowledged";
    public const string AckDuration = "workshop.answers.ack.duration";
    public const string PhonesConnected = "workshop.phones.connected";
    public const string Joins = "workshop.joins";
    public const string BatchSize = "workshop.storage.batch.size";
    public const string BatchDuration = "workshop.storage.batch.duration";
    public const string SnapshotsPushed = "workshop.snapshots.pushed";
    public const string Refusals = "workshop.refusals";
    public const string WatchedWorkshops = "workshop.feed.watched";
    public const string RunningSnapshotTimers = "workshop.snapshot.timers";
    public const string CodeTag = "code";
    public const string AudienceTag = "audience";

    private readonly Counter<long> answersAcknowledged;
    private readonly Histogram<double> ackDuration;
    private readonly UpDownCounter<long> phonesConnected;
    private readonly Counter<long> joins;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> batchDuration;
    private readonly Counter<long> snapshotsPushed;
    private readonly Counter<long> refusals;
    private long watchedWorkshops;

    public WorkshopMetrics(IMeterFactory meters, SnapshotTimers snapshotTimers)
    {
        var meter = meters.Create(MeterName);
        answersAcknowledged = meter.CreateCounter<long>(AnswersAcknowledged, "{answer}", "Answers the hub acknowledged as stored.");
        // Buckets for a phone's wait: a few milliseconds on a quiet server, seconds when storage falls behind.
        ackDuration = meter.CreateHistogram(AckDuration, "s", "From the hub receiving an answer to acknowledging it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        phonesConnected = meter.CreateUpDownCounter<long>(PhonesConnected, "{connection}", "Participants' connections bound to a workshop.");
        joins = meter.CreateCounter<long>(Joins, "{participant}", "Participants who joined a workshop.");
        batchSize = meter.CreateHistogram<int>(BatchSize, "{write}", "Grain-state writes committed in one transaction (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500] });
        batchDuration = meter.CreateHistogram(BatchDuration, "s", "How long one group commit took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        snapshotsPushed = meter.CreateCounter<long>(SnapshotsPushed, "{snapshot}", "Workshop snapshots pushed to a SignalR group.");
        refusals = meter.CreateCounter<long>(Refusals, "{call}", "Participants' calls refused, by error code.");
        meter.CreateObservableUpDownCounter(WatchedWorkshops, () => Interlocked.Read(ref watchedWorkshops), "{workshop}",
            "Workshops this web node is subscribed to for its pages, displays and phones.");
        meter.CreateObservableUpDownCounter(RunningSnapshotTimers, () => snapshotTimers.Running, "{timer}",
            "Workshop grains on this silo running their snapshot timer (only while observed).");
    }

    public void AnswerAcknowledged(TimeSpan latency)
    {
        answersAcknowledged.Add(1);
        ackDuration.Record(latency.TotalSeconds);
    }

    public void PhoneConnected() => phonesConnected.Add(1);

    public void PhoneDisconnected() => phonesConnected.Add(-1);

    public void Joined() => joins.Add(1);

    public void WorkshopWatched() => Interlocked.Increment(ref watchedWorkshops);

    public void WorkshopReleased() => Interlocked.Decrement(ref watchedWorkshops);

    public void BatchCommitted(int writes, TimeSpan duration)
    {
        batchSize.Record(writes);
        batchDuration.Record(duration.TotalSeconds);
    }

    /// <param name="audience"><c>phones</c> or <c>displays</c>.</param>
    public void SnapshotPushed(string audience) => snapshotsPushed.Add(1, new KeyValuePair<string, object?>(AudienceTag, audience));

    /// <param name="code">The refusal's camelCase error code, as the phone receives it.</param>
    public void Refused(string code) => refusals.Add(1, new KeyValuePair<string, object?>(CodeTag, code));
}
