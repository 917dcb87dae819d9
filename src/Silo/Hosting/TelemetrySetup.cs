using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dispatch.Silo.Configuration;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>OpenTelemetry for the library's meter and activity source, behind <c>Telemetry:Exporter</c>.</summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static void Configure(IServiceCollection services, SiloSettings settings)
    {
        if (settings.Telemetry == TelemetryExporter.None)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService("orleans-dispatch-silo", serviceInstanceId: $"{settings.ClusterId}/{settings.SiloPort}"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(DispatchTelemetry.MeterName);
            if (settings.Telemetry == TelemetryExporter.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
            else
            {
                metrics.AddConsoleExporter();
            }
        });
        if (settings.Telemetry == TelemetryExporter.Console)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(DispatchTelemetry.ActivitySourceName).AddConsoleExporter());
        }
    }

    public static void Map(WebApplication app, SiloSettings settings)
    {
        if (settings.Telemetry == TelemetryExporter.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }
}
