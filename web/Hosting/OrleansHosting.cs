using Orleans.Configuration;
using StackExchange.Redis;
using Workshop.Silo.Hosting;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// <c>Cluster:Mode</c> = <c>Embedded</c> (default) co-hosts one silo in this process;
    /// <c>Client</c> connects to standalone silos (<c>dotnet run --project silo</c>) as an Orleans client.
    /// </summary>
    public static WebApplicationBuilder AddWorkshopOrleans(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration["Cluster:Mode"] ?? "Embedded";
        if (string.Equals(mode, "Client", StringComparison.OrdinalIgnoreCase))
        {
            var endpoints = OrleansEndpoints.From(builder.Configuration);
            var clusterId = WorkshopSilo.ClusterIdFrom(builder.Configuration);
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = WorkshopSilo.ServiceId; });
                if (WorkshopTelemetry.ExportsOtlp(builder.Configuration)) client.AddActivityPropagation();
                if (endpoints.Redis is { } redis) client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                else client.UseLocalhostClustering(endpoints.GatewayPort);
            });
        }
        else if (string.Equals(mode, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddWorkshopSilo();
        }
        else
        {
            throw new InvalidOperationException($"Cluster:Mode must be 'Embedded' or 'Client', not '{mode}'.");
        }
        return builder;
    }
}
