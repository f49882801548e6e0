using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using StackExchange.Redis;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Grains.Workshops.Journal;
using Workshop.Grains.Workshops.Retention;
using Workshop.Silo.Storage;
using Workshop.Silo.Telemetry;

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
        builder.UseOrleans(silo =>
        {
            silo.UseWorkshopClustering(builder.Configuration)
                .AddWorkshopStorage(builder.Configuration)
                .AddWorkshopRetention(builder.Configuration)
                .AddWorkshopSeeds();
            // Spans of grain calls only when traces go somewhere: the filters cost every call of a plenary.
            if (WorkshopTelemetry.ExportsOtlp(builder.Configuration)) silo.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>
    /// Localhost clustering by default; <c>Cluster:Membership</c> = <c>Redis</c> lets several silos find each other,
    /// and <c>Cluster:Hosting</c> = <c>Kubernetes</c> adds Orleans' Kubernetes hosting to it.
    /// </summary>
    public static ISiloBuilder UseWorkshopClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var endpoints = OrleansEndpoints.From(configuration);
        var clusterId = ClusterIdFrom(configuration);
        silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ServiceId; });
        if (endpoints.Redis is null)
        {
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort);
            return silo;
        }
        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(endpoints.Redis));
        // A silo killed outright is declared dead after about two missed one-second probes (Orleans' defaults take
        // about ten seconds), so that the grains it held come back elsewhere while the room is still voting.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
        });
        if (endpoints.Kubernetes)
        {
            // The package names the silo after its pod, advertises the pod's IP and listens on every address;
            // its agent declares a silo dead as soon as its pod is deleted, instead of waiting for missed probes.
            var podIp = configuration[KubernetesHostingOptions.PodIPEnvironmentVariable];
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = endpoints.SiloPort;
                o.GatewayPort = endpoints.GatewayPort;
                // Orleans' default address is set before the package looks at POD_IP, which it then leaves unused.
                if (!string.IsNullOrEmpty(podIp)) o.AdvertisedIPAddress = IPAddress.Parse(podIp);
            });
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
        return silo;
    }

    /// <summary>Makes the EF Core storage (SQLite or PostgreSQL) the default grain storage and the home of Orleans' reminders, and migrates its database at start.</summary>
    public static ISiloBuilder AddWorkshopStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var database = WorkshopDatabase.From(configuration);
        // A small pool: the journal's writes come from many grains at once, and a pool keeps every context it ever lent.
        silo.Services.AddPooledDbContextFactory<GrainStateDbContext>(database.Configure, poolSize: 16);
        silo.Services.AddWorkshopMetrics();
        silo.Services.AddSingleton<GrainStateWriter>();
        silo.Services.AddSingleton<IWorkshopJournal, EfWorkshopJournal>();
        silo.Services.AddSingleton<ContributionForwarder>();
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) => ActivatorUtilities.CreateInstance<EfGrainStorage>(services));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, EfReminderTable>();
        // Before any grain activates: the schema of this version, or a clear refusal.
        silo.Services.AddSchemaMigrations(database);
        silo.AddStartupTask((services, cancellationToken) => services.GetRequiredService<SchemaMigrations>().ApplyAtStart(cancellationToken),
            ServiceLifecycleStage.RuntimeInitialize);
        silo.Services.TryAddSingletonTimeProvider();
        return silo;
    }

    /// <summary>
    /// <c>Workshop:RetentionDays</c>: personal data erased that many days after a workshop ends (off when empty); a wrong
    /// value stops the start. Workshops that ended before the setting applied get their reminders from a sweep at start.
    /// </summary>
    public static ISiloBuilder AddWorkshopRetention(this ISiloBuilder silo, IConfiguration configuration)
    {
        var keep = RetentionOptions.Parse(configuration[RetentionOptions.Setting]);
        silo.Services.Configure<RetentionOptions>(o => o.KeepPersonalDataFor = keep);
        silo.Services.AddSingleton<PersonalDataRetention>();
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IRetentionSweepGrain>(0).Sweep());
        return silo;
    }

    /// <summary>
    /// Loads the seed frameworks at start when they are absent, and a seed's new languages into an install that has it
    /// (a new version, same item ids); every silo may run it, it adds nothing twice.
    /// </summary>
    public static ISiloBuilder AddWorkshopSeeds(this ISiloBuilder silo) =>
        silo.AddStartupTask(async (services, _) =>
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            foreach (var seed in FrameworkDefinitions.Seeds())
            {
                var framework = grains.GetGrain<IFrameworkGrain>(seed.Id);
                if (!await framework.ImportIfAbsent(seed)) await framework.AddTranslations(seed);
            }
        });

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}

/// <summary>
/// Silo and gateway ports, the Redis connection when silos form a cluster, and whether they run as Kubernetes pods;
/// an unknown or impossible combination of settings stops the start with the reason.
/// </summary>
public sealed record OrleansEndpoints(int SiloPort, int GatewayPort, string? Redis, bool Kubernetes)
{
    public static OrleansEndpoints From(IConfiguration configuration)
    {
        var membership = OneOf(configuration, "Cluster:Membership", "Localhost", "Redis");
        var hosting = OneOf(configuration, "Cluster:Hosting", "Plain", "Kubernetes");
        var redis = membership == "Redis"
            ? configuration.GetConnectionString("Redis") ?? throw new InvalidOperationException("Cluster:Membership is Redis but ConnectionStrings:Redis is missing.")
            : null;
        var kubernetes = hosting == "Kubernetes";
        if (kubernetes && redis is null)
            throw new InvalidOperationException(
                "Cluster:Hosting is Kubernetes but Cluster:Membership is not Redis: Orleans' Kubernetes hosting watches pods but keeps no membership of its own.");
        return new OrleansEndpoints(
            configuration.GetValue("Cluster:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            configuration.GetValue("Cluster:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            redis,
            kubernetes);
    }

    /// <summary>The setting's value spelt as one of the allowed ones (any case), the first one when absent.</summary>
    private static string OneOf(IConfiguration configuration, string key, params string[] allowed)
    {
        var value = configuration[key];
        if (string.IsNullOrEmpty(value)) return allowed[0];
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{key} must be {string.Join(" or ", allowed.Select(a => $"'{a}'"))}, not '{value}'.");
    }
}
