using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Silo.Configuration;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>Says at start-up what the silo exposes where, and how each thing is protected; warns where nothing protects it.</summary>
internal static partial class ExposureLog
{
    public static void Write(ILogger logger, SiloSettings settings, IEnumerable<string> statePaths)
    {
        LogHttp(logger, settings.HttpUrl + SiloEndpoints.HealthPath, "open: it says whether this silo is active, for orchestrators");
        foreach (var path in statePaths)
        {
            var url = settings.HttpUrl + path;
            if (settings.HttpApiKey is not null)
            {
                LogHttp(logger, url, "requires Http:ApiKey (Bearer token, or the password of HTTP Basic)");
            }
            else if (settings.HttpIsLoopback)
            {
                LogHttp(logger, url, "open, on a loopback address: reachable from this machine only");
            }
            else
            {
                LogHttpOpen(logger, url);
            }
        }

        if (settings.WorkersUrl is { } workers)
        {
            var credential = settings.HttpApiKey is null ? null : "Http:ApiKey as a Bearer token";
            var transport = settings.WorkersRequireCertificate ? $"mutual TLS: {settings.Tls.Describe()}" : settings.WorkersUseTls ? "TLS, no client certificate asked" : null;
            var url = $"{workers} (worker protocol)";
            if (transport is null && credential is null && !settings.WorkersIsLoopback)
            {
                LogHttpOpen(logger, url);
            }
            else
            {
                LogHttp(logger, url, (transport, credential) switch
                {
                    (null, null) => "open, on a loopback address: reachable from this machine only",
                    (null, { } key) => $"requires {key}; no TLS",
                    ({ } tls, null) => tls,
                    ({ } tls, { } key) => $"{tls}; and requires {key}",
                });
            }
        }

        var where = settings.EndpointsAreLoopback ? "loopback only" : settings.ListenOnAnyAddress ? "every address" : $"{settings.AdvertisedAddress?.ToString() ?? "the first non-loopback address"}";
        if (settings.Tls.Enabled || settings.EndpointsAreLoopback)
        {
            LogPorts(logger, settings.SiloPort, settings.GatewayPort, where, settings.Tls.Describe());
        }
        else
        {
            LogPortsOpen(logger, settings.SiloPort, settings.GatewayPort, where);
        }
    }

    [LoggerMessage(10, LogLevel.Information, "Exposed: {Url} ({Protection})")]
    private static partial void LogHttp(ILogger logger, string url, string protection);

    [LoggerMessage(11, LogLevel.Warning, "Exposed: {Url} OPEN to anyone who reaches it (Http:AllowUnprotected is true): set Http:ApiKey or bind Http:Url to 127.0.0.1")]
    private static partial void LogHttpOpen(ILogger logger, string url);

    [LoggerMessage(12, LogLevel.Information, "Exposed: silo port {SiloPort} and gateway port {GatewayPort} on {Where}; TLS {Tls}")]
    private static partial void LogPorts(ILogger logger, int siloPort, int gatewayPort, string where, string tls);

    [LoggerMessage(13, LogLevel.Warning, "Exposed: silo port {SiloPort} and gateway port {GatewayPort} on {Where} WITHOUT TLS: anyone who reaches them can join the cluster or call any grain. See the README's Security section (Tls:Enabled)")]
    private static partial void LogPortsOpen(ILogger logger, int siloPort, int gatewayPort, string where);
}
