using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Workshop.Grains.Workshops;

namespace Workshop.Silo.Telemetry;

/// <summary>
/// The OpenTelemetry set-up both the web app and the standalone silo use: Orleans' and the product's meters, Orleans'
/// traces, and OTLP export when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other OTEL_* variables itself).
/// </summary>
public static class WorkshopTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OrleansMeter = "Microsoft.Orleans";
    private const string OrleansTraces = "Microsoft.Orleans.*";

    /// <param name="serviceName">The service name exported, unless <c>OTEL_SERVICE_NAME</c> names another.</param>
    /// <param name="exportsMetrics">Whether metrics go anywhere (OTLP, or the web app's Prometheus endpoint).</param>
    public static OpenTelemetryBuilder AddWorkshopTelemetry(this IHostApplicationBuilder builder, string serviceName, bool exportsMetrics = false)
    {
        builder.Services.AddWorkshopMetrics();
        var namedByOperator = !string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => { if (!namedByOperator) resource.AddService(serviceName); });
        // Metrics only when they go somewhere, as traces: aggregating every message's figures for nobody costs a plenary's CPU.
        if (exportsMetrics || ExportsOtlp(builder.Configuration)) telemetry.WithMetrics(metrics => metrics.AddMeter(WorkshopMetrics.MeterName, OrleansMeter));
        // Traces only when they go somewhere: recording a span per request and grain call costs even with nobody reading.
        // Without an endpoint the exporter would send to localhost:4317 and log a failure every few seconds.
        if (ExportsOtlp(builder.Configuration)) telemetry.WithTracing(tracing => tracing.AddSource(OrleansTraces)).UseOtlpExporter();
        return telemetry;
    }

    /// <summary>Whether the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[OtlpEndpointSetting]);

    /// <summary>The product's instruments; also for hosts without OpenTelemetry (the grain tests' silos).</summary>
    public static IServiceCollection AddWorkshopMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<SnapshotTimers>();
        services.TryAddSingleton<WorkshopMetrics>();
        return services;
    }
}
