using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Telemetry;

namespace Workshop.GrainTests.Workshops;

/// <summary>The workshop's side of the web nodes' feed: a heartbeat in every second without a snapshot, and a snapshot timer only while observed.</summary>
[Collection(SqliteCollection.Name)]
public sealed class WorkshopObserverTests(SqliteCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>An observer in the test's client, as a web node's feed is.</summary>
    private sealed class Recorder : IWorkshopObserver
    {
        public ConcurrentQueue<long> Heartbeats { get; } = new();

        public Task SnapshotChanged(WorkshopSnapshot snapshot) => Task.CompletedTask;

        public Task Heartbeat(long version)
        {
            Heartbeats.Enqueue(version);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_quiet_workshop_sends_its_observer_a_heartbeat_with_its_version_about_once_a_second()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var recorder = new Recorder();
        var observer = fixture.Cluster.Client.CreateObjectReference<IWorkshopObserver>(recorder);

        await workshop.Room.Subscribe(observer);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await workshop.Room.Unsubscribe(observer);
        fixture.Cluster.Client.DeleteObjectReference<IWorkshopObserver>(observer);

        var version = (await workshop.Room.GetSnapshot()).Version;
        Assert.InRange(recorder.Heartbeats.Count, 2, 4);
        Assert.All(recorder.Heartbeats, heard => Assert.Equal(version, heard));
    }

    [Fact]
    public async Task The_workshop_runs_its_snapshot_timer_only_while_it_is_observed()
    {
        var meters = fixture.SiloServices.GetRequiredService<IMeterFactory>();
        long Timers() => Instruments.Current(meters, WorkshopMetrics.RunningSnapshotTimers);
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        var observer = fixture.Cluster.Client.CreateObjectReference<IWorkshopObserver>(new Recorder());
        var before = Timers();

        await workshop.Room.Subscribe(observer);
        var observed = Timers();
        await workshop.Room.Unsubscribe(observer);
        fixture.Cluster.Client.DeleteObjectReference<IWorkshopObserver>(observer);
        var watch = Stopwatch.StartNew();
        while (Timers() != before && watch.Elapsed < Patience) await Task.Delay(20);

        Assert.Equal(before + 1, observed);
        Assert.Equal(before, Timers());
    }
}
