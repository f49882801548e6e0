using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;
using Workshop.Grains.Frameworks;
using Workshop.Silo.Storage;

namespace Workshop.Silo.Hosting;

/// <summary>
/// How a Workshop silo is configured, shared by the standalone silo, the silo co-hosted in the web
/// process (the embedded default) and the tests.
/// </summary>
public static class WorkshopSilo
{
    /// <summary>The default cluster id; <c>Cluster:ClusterId</c> overrides it (e.g. one cluster per test run on a shared Redis).</summary>
    public const string ClusterId = "workshop";
    public const string ServiceId = "workshop";

    /// <summary><c>Cluster:ClusterId</c>, or <see cref="ClusterId"/>; silos and their clients must agree on it.</summary>
    public static string ClusterIdFrom(IConfiguration configuration) =>
        configuration["Cluster:ClusterId"] is { Length: > 0 } id ? id : ClusterId;

    /// <summary>Co-hosts or runs a silo: clustering, grain storage and seed frameworks from configuration.</summary>
    public static IHostApplicationBuilder AddWorkshopSilo(this IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo
            .UseWorkshopClustering(builder.Configuration)
            .AddWorkshopStorage(builder.Configuration)
            .AddWorkshopSeeds());
        return builder;
    }

    /// <summary>Localhost clustering by default; <c>Cluster:Membership</c> = <c>Redis</c> lets several silos find each other.</summary>
    public static ISiloBuilder UseWorkshopClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var endpoints = OrleansEndpoints.From(configuration);
        var clusterId = ClusterIdFrom(configuration);
        silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ServiceId; });
        if (endpoints.Redis is { } redis)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort);
        }
        return silo;
    }

    /// <summary>Makes the EF Core storage (SQLite or PostgreSQL) the default grain storage, and migrates its database at start.</summary>
    public static ISiloBuilder AddWorkshopStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var database = WorkshopDatabase.From(configuration);
        silo.Services.AddPooledDbContextFactory<GrainStateDbContext>(database.Configure);
        silo.Services.AddSingleton<GrainStateWriter>();
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) =>
            ActivatorUtilities.CreateInstance<EfGrainStorage>(services,
                new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>())));
        // Before any grain activates: the schema of this version, or a clear refusal.
        silo.Services.AddSchemaMigrations(database);
        silo.AddStartupTask((services, cancellationToken) => services.GetRequiredService<SchemaMigrations>().ApplyAtStart(cancellationToken),
            ServiceLifecycleStage.RuntimeInitialize);
        silo.Services.TryAddSingletonTimeProvider();
        return silo;
    }

    /// <summary>Loads the seed frameworks at start when they are absent; every silo may run it, it adds no duplicates.</summary>
    public static ISiloBuilder AddWorkshopSeeds(this ISiloBuilder silo) =>
        silo.AddStartupTask(async (services, _) =>
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            foreach (var seed in FrameworkDefinitions.Seeds())
                await grains.GetGrain<IFrameworkGrain>(seed.Id).ImportIfAbsent(seed);
        });

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}

/// <summary>Silo and gateway ports, and the Redis connection when silos form a cluster.</summary>
public sealed record OrleansEndpoints(int SiloPort, int GatewayPort, string? Redis)
{
    public static OrleansEndpoints From(IConfiguration configuration)
    {
        var clustering = configuration["Cluster:Membership"] ?? "Localhost";
        var redis = string.Equals(clustering, "Redis", StringComparison.OrdinalIgnoreCase)
            ? configuration.GetConnectionString("Redis") ?? throw new InvalidOperationException("Cluster:Membership is Redis but ConnectionStrings:Redis is missing.")
            : null;
        return new OrleansEndpoints(
            configuration.GetValue("Cluster:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            configuration.GetValue("Cluster:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            redis);
    }
}
