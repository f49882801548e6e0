using Microsoft.AspNetCore.SignalR;

namespace Workshop.Bench.Baseline;

/// <summary>Sends the displays the current snapshot when it changed, every 100 ms at most (the product's workshop timer).</summary>
public sealed class DisplayPusher(DemoRoom room, IHubContext<BaselineHub> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        long pushed = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (room.Version == pushed) continue;
            var snapshot = room.Snapshot(display: true);
            pushed = snapshot.GetProperty("version").GetInt64();
            await hub.Clients.Group(BaselineHub.DisplayGroup).SendAsync("display", snapshot, stoppingToken);
        }
    }
}
