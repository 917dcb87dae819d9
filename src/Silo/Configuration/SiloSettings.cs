using System.Net;
using Orleans.Dispatch.Settings;

namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>The silo host's settings, read and checked by <see cref="SiloSettingsReader"/>.</summary>
internal sealed record SiloSettings
{
    public ClusterProvider Clustering { get; init; }

    public StorageProvider Storage { get; init; }

    public required string ClusterId { get; init; }

    public required string ServiceId { get; init; }

    public int SiloPort { get; init; }

    public int GatewayPort { get; init; }

    /// <summary>The address other silos and clients use; null lets Orleans pick (the first non-loopback address).</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    public bool ListenOnAnyAddress { get; init; }

    /// <summary>How fast a dead, frozen or cut-off silo is declared dead (<c>Cluster:*</c>).</summary>
    public DispatchFailureDetectionOptions FailureDetection { get; init; } = new();

    /// <summary>Whether the silo and gateway ports are reachable from this machine only.</summary>
    public bool EndpointsAreLoopback => !ListenOnAnyAddress && (Clustering == ClusterProvider.Localhost || AdvertisedAddress is { } address && IPAddress.IsLoopback(address));

    /// <summary>Redis endpoints and options without the password; null when nothing uses Redis.</summary>
    public StackExchange.Redis.ConfigurationOptions? Redis { get; init; }

    public bool DashboardEnabled { get; init; }

    public required string HttpUrl { get; init; }

    /// <summary>The credential the dashboard and <c>/metrics</c> require (HTTP Basic password or Bearer token); null: none.</summary>
    public string? HttpApiKey { get; init; }

    /// <summary>Whether the operator said that an unprotected dashboard or <c>/metrics</c> on a non-loopback address is intended.</summary>
    public bool HttpAllowUnprotected { get; init; }

    /// <summary>Whether <see cref="HttpUrl"/> binds to loopback only.</summary>
    public bool HttpIsLoopback => IsLoopback(HttpUrl);

    /// <summary>Where the worker protocol is served (HTTP/2 only), or null when <c>Workers:Enabled</c> is false.</summary>
    public string? WorkersUrl { get; init; }

    /// <summary>Whether <see cref="WorkersUrl"/> binds to loopback only.</summary>
    public bool WorkersIsLoopback => WorkersUrl is null || IsLoopback(WorkersUrl);

    /// <summary>Whether <see cref="WorkersUrl"/> is https: the worker protocol is then served with the <c>Tls:*</c> certificate, and asks workers for theirs when <c>Tls:RequireClientCertificate</c>.</summary>
    public bool WorkersUseTls => WorkersUrl is not null && WorkersUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether workers must present a certificate the cluster trusts (mutual TLS on the worker endpoint).</summary>
    public bool WorkersRequireCertificate => WorkersUseTls && Tls.RequireClientCertificate;

    /// <summary>Whether the group view is served at <c>/dispatch</c>.</summary>
    public bool GroupViewEnabled { get; init; }

    /// <summary>Whether the HTTP endpoint serves something beyond <c>/health</c> that reveals state.</summary>
    public bool HttpRevealsState => DashboardEnabled || GroupViewEnabled || Telemetry == TelemetryExporter.Prometheus;

    /// <summary>TLS for the silo and gateway ports.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Off;

    public ReceiptStore DemoReceipts { get; init; }

    /// <summary>Where the demo consumer's receipts go (<c>Demo:ReceiptsRedis</c>), when not in the cluster's Redis; null: <see cref="Redis"/>.</summary>
    public StackExchange.Redis.ConfigurationOptions? ReceiptsRedis { get; init; }

    public TimeSpan ShutdownTimeout { get; init; }

    public TelemetryExporter Telemetry { get; init; }

    public bool UsesRedis => Clustering == ClusterProvider.Redis || Storage == StorageProvider.Redis || DemoReceipts == ReceiptStore.Redis;

    /// <summary>Whether <paramref name="url"/> binds to loopback only.</summary>
    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");
}
