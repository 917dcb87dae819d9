using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.Dispatch.Silo.Configuration;
using Orleans.Dispatch.Settings;
using Orleans.Dispatch.Silo.View;
using Orleans.Runtime;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>The silo's HTTP side: <c>/health</c>, the dashboard at <c>/dashboard</c> and the group view at <c>/dispatch</c> (both, and <c>/metrics</c>, behind <c>Http:ApiKey</c> when set), and the start-up banner.</summary>
internal static partial class SiloEndpoints
{
    public const string HealthPath = "/health";
    public const string DashboardPath = "/dashboard";

    /// <summary>The worker protocol's service, behind <c>Http:ApiKey</c> when set (a worker sends it as a Bearer token).</summary>
    public const string WorkerProtocolPath = "/orleans.dispatch.workers.v1.WorkerService";

    /// <summary>Kestrel's endpoints: <c>Http:Url</c> (HTTP/1.1 and HTTP/2) and, unless turned off, <c>Workers:Url</c> (HTTP/2 only, so that gRPC works without TLS).</summary>
    public static void Listen(WebApplicationBuilder builder, SiloSettings settings)
    {
        var endpoints = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Kestrel:Endpoints:Http:Url"] = settings.HttpUrl };
        if (settings.WorkersUrl is { } workers)
        {
            endpoints["Kestrel:Endpoints:Workers:Url"] = workers;
            endpoints["Kestrel:Endpoints:Workers:Protocols"] = "Http2";
        }

        builder.Configuration.AddInMemoryCollection(endpoints);
        if (settings.WorkersUseTls)
        {
            builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel
                .Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint("Workers", endpoint => UseTls(endpoint.HttpsOptions, settings.Tls)));
        }
    }

    /// <summary>The worker endpoint's TLS: the silo's own certificate, and under mutual TLS a worker certificate that chains to the cluster's authority.</summary>
    private static void UseTls(HttpsConnectionAdapterOptions https, TlsSettings tls)
    {
        https.ServerCertificate = tls.LoadCertificate();
        if (tls.RequireClientCertificate)
        {
            var trusts = tls.PeerCheck();
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, errors) => trusts(certificate, errors);
        }
    }

    public static void Map(WebApplication app, SiloSettings settings)
    {
        List<PathString> statePaths = [];
        if (settings.DashboardEnabled)
        {
            statePaths.Add(DashboardPath);
        }

        if (settings.GroupViewEnabled)
        {
            statePaths.Add(GroupViewEndpoints.Path);
        }

        if (settings.Telemetry == TelemetryExporter.Prometheus)
        {
            statePaths.Add(TelemetrySetup.MetricsPath);
        }

        if (settings.HttpApiKey is { } apiKey)
        {
            HttpCredential.Require(app, apiKey, settings.WorkersUrl is null ? statePaths : [.. statePaths, WorkerProtocolPath]);
        }

        if (settings.WorkersUrl is not null)
        {
            app.MapDispatchWorkerProtocol();
        }

        app.MapGet(HealthPath, Health);
        if (settings.DashboardEnabled)
        {
            app.MapOrleansDashboard(DashboardPath);
        }

        if (settings.GroupViewEnabled)
        {
            GroupViewEndpoints.Map(app);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Dispatch.Silo");
            var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
            LogStarted(logger, silo.SiloAddress.ToString(), settings.ClusterId, settings.Clustering, settings.Storage, settings.GatewayPort, settings.HttpUrl + HealthPath);
            ExposureLog.Write(logger, settings, statePaths.Select(p => p.Value!));

            if (settings.Redis is { } redis)
            {
                // Endpoints only: the password is never written anywhere.
                LogRedis(logger, string.Join(",", redis.EndPoints), redis.Password is { Length: > 0 });
            }
        });
    }

    /// <summary>200 when this silo is active in the cluster, 503 otherwise (starting, stopping, declared dead).</summary>
    private static IResult Health(ILocalSiloDetails local, IClusterMembershipService membership, IHostApplicationLifetime lifetime)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var healthy = status == SiloStatus.Active && !lifetime.ApplicationStopping.IsCancellationRequested;
        var body = new HealthReport(healthy ? "healthy" : "unhealthy", local.SiloAddress.ToString(), status.ToString(), local.ClusterId, active);
        return Results.Json(body, HealthReportJson.Default.HealthReport, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(1, LogLevel.Information, "Orleans.Dispatch silo {Silo} is up: cluster {ClusterId}, clustering {Clustering}, storage {Storage}, gateway port {GatewayPort}. Health: {HealthUrl}")]
    private static partial void LogStarted(ILogger logger, string silo, string clusterId, ClusterProvider clustering, StorageProvider storage, int gatewayPort, string healthUrl);

    [LoggerMessage(3, LogLevel.Information, "Redis: {Endpoints} (password set: {HasPassword})")]
    private static partial void LogRedis(ILogger logger, string endpoints, bool hasPassword);
}
