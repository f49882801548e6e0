using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Hosting;

/// <summary>Healthy when a grain call round-trips through the cluster.</summary>
public sealed class OrleansHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var frameworks = await grains.GetGrain<IFrameworkRegistryGrain>(0).List().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{frameworks.Count} frameworks");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster did not answer.", e);
        }
    }
}
