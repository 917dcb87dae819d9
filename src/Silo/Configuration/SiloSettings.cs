using System.Net;

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

    /// <summary>Redis endpoints and options without the password; null when nothing uses Redis.</summary>
    public StackExchange.Redis.ConfigurationOptions? Redis { get; init; }

    public bool DashboardEnabled { get; init; }

    public required string HttpUrl { get; init; }

    public ReceiptStore DemoReceipts { get; init; }

    public TimeSpan ShutdownTimeout { get; init; }

    public TelemetryExporter Telemetry { get; init; }

    public bool UsesRedis => Clustering == ClusterProvider.Redis || Storage == StorageProvider.Redis || DemoReceipts == ReceiptStore.Redis;
}
