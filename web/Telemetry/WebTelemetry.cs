using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Workshop.Silo.Telemetry;

namespace Workshop.Web.Telemetry;

/// <summary>The web app's telemetry: the shared set-up plus ASP.NET Core and SignalR, the /metrics endpoint and the console's live figures.</summary>
public static class WebTelemetry
{
    public const string PrometheusSetting = "Telemetry:Prometheus";

    public static WebApplicationBuilder AddWorkshopWebTelemetry(this WebApplicationBuilder builder)
    {
        var prometheus = PrometheusEnabled(builder.Configuration);
        // ASP.NET Core's instrumentation also brings SignalR's meters and traces (Microsoft.AspNetCore.Http.Connections, Microsoft.AspNetCore.SignalR.Server).
        var exportsMetrics = prometheus || WorkshopTelemetry.ExportsOtlp(builder.Configuration);
        var telemetry = builder.AddWorkshopTelemetry("workshop-web", exportsMetrics);
        if (exportsMetrics) telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation();
            if (prometheus) metrics.AddPrometheusExporter();
        });
        if (WorkshopTelemetry.ExportsOtlp(builder.Configuration)) telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        builder.Services.AddSingleton<LiveFigures>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LiveFigures>());
        return builder;
    }

    /// <summary>Serves /metrics for Prometheus when <see cref="PrometheusSetting"/> is true.</summary>
    public static WebApplication MapWorkshopMetrics(this WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration)) app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>Off unless set; anything but true or false stops the start rather than silently leaving it off.</summary>
    public static bool PrometheusEnabled(IConfiguration configuration) => configuration[PrometheusSetting] switch
    {
        null or "" => false,
        var value when bool.TryParse(value, out var on) => on,
        var value => throw new InvalidOperationException($"{PrometheusSetting} must be 'true' or 'false', not '{value}'."),
    };
}
