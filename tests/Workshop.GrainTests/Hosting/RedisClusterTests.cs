using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;
using Workshop.Grains.Frameworks;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Hosting;
using Xunit.Abstractions;

namespace Workshop.GrainTests.Hosting;

/// <summary>
/// Two real silo hosts, configured as the standalone silo is (AddWorkshopSilo with Redis membership), and an
/// Orleans client as the web app in Client mode is: the silos find each other through Redis, and grain state
/// outlives the silo that held it. Each test runs its own cluster (a unique cluster id) over its own SQLite file.
/// </summary>
public sealed class RedisClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string RedisVariable = "WORKSHOP_TEST_REDIS";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string clusterId = $"workshop-test-{Guid.NewGuid():N}";
    private readonly List<IHost> silos = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private string redis = "";
    private ConnectionMultiplexer? redisConnection;
    private TestDatabase? database;
    private IHost? clientHost;

    private IClusterClient Client => clientHost!.Services.GetRequiredService<IClusterClient>();

    /// <summary>The Redis hash where the silos of this test's cluster register.</summary>
    private RedisKey MembershipKey =>
        RedisClusteringOptions.DefaultCreateRedisKey(new ClusterOptions { ClusterId = clusterId, ServiceId = WorkshopSilo.ServiceId });

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(RedisVariable);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException(
                $"The Redis cluster tests need a Redis server named by the environment variable {RedisVariable} " +
                "(for example \"127.0.0.1:56379\"), which is not set. " +
                "Run tests/run-tests.sh: it starts a throw-away Redis and sets the variable.");
        redis = configured;
        redisConnection = await ConnectionMultiplexer.ConnectAsync(redis);
        database = await TestDatabase.CreateSqliteAsync();

        // One after the other: both silos create the schema of the shared SQLite file when it is absent.
        silos.Add(await StartSilo());
        silos.Add(await StartSilo());
        Log("two silos started");
        clientHost = await StartClient();
        Log("client connected");
    }

    [Fact]
    public async Task Both_silos_register_in_Redis_and_are_active_members_of_one_cluster()
    {
        var expected = silos.Select(SiloAddressOf).ToHashSet();
        var management = Client.GetGrain<IManagementGrain>(0);

        var hosts = await Eventually(() => management.GetHosts(onlyActive: true), h => h.Count == 2);

        Assert.Equal(expected, hosts.Keys.ToHashSet());
        Assert.All(hosts.Values, status => Assert.Equal(SiloStatus.Active, status));
        // The membership hash holds one field per silo (named like "S127.0.0.1:11111:123") and a "Version" field.
        var fields = await redisConnection!.GetDatabase().HashKeysAsync(MembershipKey);
        Assert.Equal(expected.Select(s => s.ToString()).ToHashSet(), fields.Select(f => f.ToString()).Where(f => f != "Version").ToHashSet());
    }

    [Fact]
    public async Task An_edit_through_the_client_is_read_back_after_the_silo_that_held_the_framework_stops()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        await Eventually(() => management.GetHosts(onlyActive: true), h => h.Count == 2);
        var grain = Client.GetGrain<IFrameworkGrain>("community-worker");
        var draft = await grain.StartDraft("redis-cluster-test");
        var item = (await grain.Get())!.Version(draft)!.Items.First(i => i.Kind == ItemKind.Competency);
        var label = $"Edited through the Redis cluster {Guid.NewGuid():N}";
        await grain.UpdateItem(draft, item.Id, new ItemDraft(item.Kind, item.Code, item.Labels.SetItem("en", label), item.Descriptions));

        var holder = await management.GetActivationAddress(grain)
            ?? throw new Xunit.Sdk.XunitException("The framework grain has no activation after the edit.");
        var stopped = silos.Single(s => SiloAddressOf(s).Equals(holder));
        var remaining = silos.Single(s => !ReferenceEquals(s, stopped));
        await stopped.StopAsync();
        silos.Remove(stopped);
        stopped.Dispose();
        Log($"stopped the silo {holder} that held the framework");

        var after = await Eventually(grain.Get, s => s is not null);
        Assert.Equal(label, after!.Version(draft)!.Find(item.Id)!.Labels["en"]);
        Assert.Equal(SiloAddressOf(remaining), await management.GetActivationAddress(grain));
        var hosts = await Eventually(() => management.GetHosts(onlyActive: true), h => h.Count == 1);
        Assert.Equal(SiloAddressOf(remaining), Assert.Single(hosts).Key);
    }

    public async Task DisposeAsync()
    {
        if (clientHost is not null)
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
        }
        foreach (var silo in silos)
        {
            await silo.StopAsync();
            silo.Dispose();
        }
        Log("cluster stopped");
        if (database is not null) await database.DisposeAsync();
        if (redisConnection is not null)
        {
            await redisConnection.GetDatabase().KeyDeleteAsync(MembershipKey);
            await redisConnection.DisposeAsync();
        }
    }

    /// <summary>A silo host as silo/Program.cs builds it, with this test's configuration.</summary>
    private async Task<IHost> StartSilo()
    {
        var ports = FreePorts(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        var settings = new Dictionary<string, string?>(database!.Configuration.ToDictionary(c => c.Key, c => (string?)c.Value))
        {
            ["Cluster:Membership"] = "Redis",
            ["Cluster:ClusterId"] = clusterId,
            ["ConnectionStrings:Redis"] = redis,
            ["Cluster:SiloPort"] = ports[0].ToString(),
            ["Cluster:GatewayPort"] = ports[1].ToString(),
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddWorkshopSilo();
        var host = builder.Build();
        await host.StartAsync();
        Log($"silo {SiloAddressOf(host)} started");
        return host;
    }

    /// <summary>An Orleans client as the web app builds it in Client mode.</summary>
    private async Task<IHost> StartClient()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = WorkshopSilo.ServiceId; })
            .UseRedisClustering(redis));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static SiloAddress SiloAddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Distinct free TCP ports (the silos listen on every address).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Any, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally { listeners.ForEach(l => l.Stop()); }
    }

    /// <summary>
    /// Asks until the answer satisfies the condition, for a few seconds: membership views and the client's
    /// gateway list catch up with a silo's start or stop shortly after it happens, not at once.
    /// </summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> ask, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Exception? failure = null;
            T answer = default!;
            try { answer = await ask(); }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException)
            {
                failure = e;
            }
            if (failure is null && condition(answer)) return answer;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"No satisfying answer within {Patience.TotalSeconds} s; last: {(object?)failure ?? answer}");
            await Task.Delay(100);
        }
    }

    private void Log(string message) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.00} s  {message}");
}
