using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using k8s.Exceptions;
using Orleans.Hosting.Kubernetes;
using Workshop.GrainTests.Infrastructure;
using Workshop.Silo.Hosting;

namespace Workshop.GrainTests.Hosting;

/// <summary>
/// The cluster settings as the standalone silo reads them: a value it does not know stops the start with the
/// reason, and Kubernetes hosting takes the silo's name and address from the pod's environment.
/// </summary>
public sealed class ClusterSettingsTests
{
    [Theory]
    [InlineData("Cluster:Membership", "Consul", "Cluster:Membership must be 'Localhost' or 'Redis', not 'Consul'.")]
    [InlineData("Cluster:Hosting", "Kubernets", "Cluster:Hosting must be 'Plain' or 'Kubernetes', not 'Kubernets'.")]
    public void An_unknown_value_stops_the_start_and_names_the_values_it_takes(string key, string value, string message)
    {
        var builder = SiloBuilder(new() { [key] = value });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddWorkshopSilo());

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Kubernetes_hosting_without_Redis_membership_stops_the_start_because_it_keeps_no_membership()
    {
        var builder = SiloBuilder(new() { ["Cluster:Hosting"] = "Kubernetes" });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddWorkshopSilo());

        Assert.Contains("Cluster:Membership is not Redis", refused.Message);
    }

    [Fact]
    public void Kubernetes_hosting_names_the_silo_after_its_pod_and_advertises_the_pod_IP_on_the_configured_ports()
    {
        using var pod = new PodEnvironment("workshop-silo-7d9f-abcde", "127.0.0.7");
        var builder = SiloBuilder(KubernetesSettings(new()
        {
            ["Cluster:SiloPort"] = "11112",
            ["Cluster:GatewayPort"] = "30002",
        }));
        builder.AddWorkshopSilo();
        using var host = builder.Build();

        var silo = host.Services.GetRequiredService<IOptions<SiloOptions>>().Value;
        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal("workshop-silo-7d9f-abcde", silo.SiloName);
        Assert.Equal(IPAddress.Parse("127.0.0.7"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30002), endpoints.GatewayListeningEndpoint);
        // The package's own validation (pod name and namespace present, silo named after the pod) passes.
        Assert.NotNull(host.Services.GetRequiredService<IOptions<KubernetesHostingOptions>>().Value);
    }

    [Fact]
    public async Task Kubernetes_hosting_outside_a_Kubernetes_cluster_stops_the_start_before_it_joins_the_membership()
    {
        using var pod = new PodEnvironment("workshop-silo-outside", "127.0.0.7");
        await using var database = await TestDatabase.CreateSqliteAsync();
        // Nothing listens on port 1: the start must stop before it ever asks the membership.
        var builder = SiloBuilder(KubernetesSettings(database.Configuration.ToDictionary(c => c.Key, c => (string?)c.Value)));
        builder.AddWorkshopSilo();
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<KubeConfigException>(() => host.StartAsync());

        Assert.Contains("in-cluster configuration", refused.Message);
    }

    private static Dictionary<string, string?> KubernetesSettings(Dictionary<string, string?> settings)
    {
        settings["Cluster:Membership"] = "Redis";
        settings["ConnectionStrings:Redis"] = "127.0.0.1:1";
        settings["Cluster:Hosting"] = "kubernetes";
        return settings;
    }

    /// <summary>The variables Kubernetes sets from the pod's fields (silo.yaml), for one test; the package reads them from the process.</summary>
    private sealed class PodEnvironment : IDisposable
    {
        private readonly Dictionary<string, string> variables;

        public PodEnvironment(string name, string ip)
        {
            variables = new()
            {
                [KubernetesHostingOptions.PodNameEnvironmentVariable] = name,
                [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = "workshop",
                [KubernetesHostingOptions.PodIPEnvironmentVariable] = ip,
            };
            foreach (var (variable, value) in variables) Environment.SetEnvironmentVariable(variable, value);
        }

        public void Dispose()
        {
            foreach (var variable in variables.Keys) Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static HostApplicationBuilder SiloBuilder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
