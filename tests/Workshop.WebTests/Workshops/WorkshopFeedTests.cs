using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Silo.Telemetry;
using Workshop.Tests.Shared;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>What the feed tests do to an app: make workshops, watch them as a page does, count what the app holds.</summary>
internal static class FeedTesting
{
    public static async Task<WorkshopState> NewWorkshop(IGrainFactory grains)
    {
        var grain = grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        await grain.Create(new CreateWorkshop("Focus group Koper", "community-network-coordinator", 1, "facilitator@example.org", "sl"));
        await grain.Start();
        return (await grain.GetState())!;
    }

    /// <summary>Opens a new dot vote: a change the watchers must get.</summary>
    public static async Task<ActivityDefinition> OpenVote(IGrainFactory grains, Guid workshopId)
    {
        var grain = grains.GetGrain<IWorkshopGrain>(workshopId);
        var framework = await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get();
        var items = framework!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), items);
        await grain.AddActivity(vote);
        await grain.OpenActivity(vote.Id);
        return vote;
    }

    /// <summary>Workshops the app's feed is subscribed to, and workshop grains running their snapshot timer, as its telemetry shows them.</summary>
    public static (long Watched, long Timers) Held(WorkshopApp app)
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        return (Instruments.Current(meters, WorkshopMetrics.WatchedWorkshops), Instruments.Current(meters, WorkshopMetrics.RunningSnapshotTimers));
    }

    /// <summary>Subscribes as the console and the projector pages do; the snapshots go to <paramref name="snapshots"/>.</summary>
    public static Task<WorkshopLease> WatchAsPage(WorkshopApp app, Guid workshopId, Channel<WorkshopSnapshot>? snapshots = null) =>
        app.Services.GetRequiredService<WorkshopFeed>().Subscribe(workshopId, s =>
        {
            snapshots?.Writer.TryWrite(s);
            return Task.CompletedTask;
        });

    public static bool Shows(JsonElement snapshot, ActivityDefinition activity) =>
        snapshot.GetProperty("current") is { ValueKind: JsonValueKind.Object } current && current.GetProperty("definition").GetProperty("id").GetGuid() == activity.Id;
}

/// <summary>Runs the feed's tests alone: the lifecycle test measures the test process's managed memory.</summary>
[CollectionDefinition(nameof(WorkshopFeed), DisableParallelization = true)]
public sealed class WorkshopFeedCollection;

/// <summary>The feed's lifecycle: a workshop stays subscribed while anyone on the node watches it, and for a linger (here 1 s) after.</summary>
[Collection(nameof(WorkshopFeed))]
public sealed class WorkshopFeedLifecycleTests : IAsyncLifetime
{
    private const int Workshops = 50;
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WorkshopApp app = new(new Dictionary<string, string?>
    {
        [WorkshopFeed.LingerSetting] = Linger.TotalSeconds.ToString(),
        [JoinAttempts.Setting] = "1000",
    });
    private Uri address = default!;

    public Task InitializeAsync()
    {
        address = app.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private sealed record Watchers(WorkshopLease Page, HubConnection Display, HubConnection Phone) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Page.Dispose();
            await Display.DisposeAsync();
            await Phone.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fifty_workshops_each_watched_by_a_page_a_display_and_a_phone_leave_no_subscription_timer_or_memory_behind_once_closed()
    {
        await Close(await Task.WhenAll((await NewWorkshops(1)).Select(Watch)));
        await Until((0, 0), "the warm-up workshop was let go");
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var watchers = await Task.WhenAll((await NewWorkshops(Workshops)).Select(Watch));
        Assert.Equal<(long, long)>((Workshops, Workshops), FeedTesting.Held(app));
        var closed = Stopwatch.StartNew();
        await Close(watchers);
        Assert.Equal<(long, long)>((Workshops, Workshops), FeedTesting.Held(app));
        await Until((0, 0), "every workshop was let go");
        var lettingGo = closed.Elapsed;
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

        Console.WriteLine($"{Workshops} workshops let go {lettingGo.TotalSeconds:0.0} s after their watchers closed (linger {Linger.TotalSeconds} s); " +
            $"managed memory {memoryBefore / 1e6:0.0} MB before, {memoryAfter / 1e6:0.0} MB after.");
        Assert.InRange(lettingGo, Linger, Linger + Patience);
        Assert.True(memoryAfter - memoryBefore < 20_000_000, $"Managed memory grew by {(memoryAfter - memoryBefore) / 1e6:0.0} MB.");
    }

    private async Task<IEnumerable<WorkshopState>> NewWorkshops(int count)
    {
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        return await Task.WhenAll(Enumerable.Range(0, count).Select(_ => FeedTesting.NewWorkshop(grains)));
    }

    private async Task<Watchers> Watch(WorkshopState workshop)
    {
        var page = await FeedTesting.WatchAsPage(app, workshop.Id);
        var display = Connection(address);
        await display.StartAsync();
        Ok(await display.InvokeAsync<JsonElement>("watchDisplay", new { workshopId = workshop.Id, key = workshop.DisplayKey }));
        var phone = Connection(address);
        await phone.StartAsync();
        Ok(await phone.InvokeAsync<JsonElement>("join", new { code = workshop.Code, name = "Ana", language = "en" }));
        return new Watchers(page, display, phone);
    }

    private static async Task Close(IEnumerable<Watchers> watchers)
    {
        foreach (var watcher in watchers) await watcher.DisposeAsync();
    }

    private async Task Until((long Watched, long Timers) wanted, string what)
    {
        var watch = Stopwatch.StartNew();
        while (FeedTesting.Held(app) != wanted)
        {
            if (watch.Elapsed > Linger + Patience) Assert.Fail($"Waited {watch.Elapsed.TotalSeconds:0} s until {what}; still held: {FeedTesting.Held(app)}.");
            await Task.Delay(50);
        }
    }
}

/// <summary>With the default linger (<see cref="WorkshopFeed.DefaultLingerSeconds"/> s), a reload does not unsubscribe and subscribe again.</summary>
[Collection(nameof(WorkshopFeed))]
public sealed class WorkshopFeedLingerTests(HubTestsApp fixture) : HubTest(fixture)
{
    private readonly WorkshopApp app = fixture.App;

    [Fact]
    public async Task A_page_reopened_within_the_default_linger_finds_its_workshop_still_subscribed_and_gets_its_changes()
    {
        var workshop = await FeedTesting.NewWorkshop(Grains);
        var before = FeedTesting.Held(app);

        (await FeedTesting.WatchAsPage(app, workshop.Id)).Dispose();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var lingering = FeedTesting.Held(app);
        var snapshots = Channel.CreateUnbounded<WorkshopSnapshot>();
        using var reopened = await FeedTesting.WatchAsPage(app, workshop.Id, snapshots);
        var vote = await FeedTesting.OpenVote(Grains, workshop.Id);

        Assert.Equal((before.Watched + 1, before.Timers + 1), lingering);
        Assert.Equal(lingering, FeedTesting.Held(app));
        using var timeout = new CancellationTokenSource(Patience);
        while ((await snapshots.Reader.ReadAsync(timeout.Token)).Current?.Definition.Id != vote.Id) { }
    }
}

/// <summary>A workshop grain that lost this node's observer (deactivated, or its silo died) is noticed by its silence and watched again.</summary>
[Collection(nameof(WorkshopFeed))]
public sealed class WorkshopFeedSilenceTests(HubTestsApp fixture) : HubTest(fixture)
{
    private readonly WorkshopApp app = fixture.App;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_display_a_page_and_a_phone_get_a_change_made_after_the_workshop_grain_lost_its_observers_within_3_s()
    {
        var workshop = await FeedTesting.NewWorkshop(Grains);
        var displays = Channel.CreateUnbounded<JsonElement>();
        var display = await Connect();
        display.On<JsonElement>("display", s => displays.Writer.TryWrite(s));
        Ok(await display.InvokeAsync<JsonElement>("watchDisplay", new { workshopId = workshop.Id, key = workshop.DisplayKey }));
        var pages = Channel.CreateUnbounded<WorkshopSnapshot>();
        using var page = await FeedTesting.WatchAsPage(app, workshop.Id, pages);
        var phones = Channel.CreateUnbounded<JsonElement>();
        Ok(await (await Connect(phones)).InvokeAsync<JsonElement>("join", new { code = workshop.Code, name = "Ana", language = "en" }));

        // As when its silo dies: the new activation knows no observers until the feed subscribes again.
        await Grains.GetGrain<IWorkshopGrain>(workshop.Id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var vote = await FeedTesting.OpenVote(Grains, workshop.Id);
        var changed = Stopwatch.StartNew();
        await NextSnapshot(displays, s => FeedTesting.Shows(s, vote), "the vote opened after the deactivation");
        var displayGotIt = changed.Elapsed;
        using var timeout = new CancellationTokenSource(Patience);
        while ((await pages.Reader.ReadAsync(timeout.Token)).Current?.Definition.Id != vote.Id) { }
        var pageGotIt = changed.Elapsed;
        await NextSnapshot(phones, s => FeedTesting.Shows(s, vote), "the vote opened after the deactivation");
        var phoneGotIt = changed.Elapsed;

        Console.WriteLine($"After the grain lost its observers, the display got the change after {displayGotIt.TotalSeconds:0.00} s, " +
            $"the page after {pageGotIt.TotalSeconds:0.00} s, the phone after {phoneGotIt.TotalSeconds:0.00} s.");
        Assert.InRange(displayGotIt, TimeSpan.Zero, Within);
        Assert.InRange(pageGotIt, TimeSpan.Zero, Within);
        Assert.InRange(phoneGotIt, TimeSpan.Zero, Within);
    }
}
