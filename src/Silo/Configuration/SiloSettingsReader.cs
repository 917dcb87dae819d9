using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Orleans.Dispatch.Settings;
using StackExchange.Redis;

namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>
/// Reads <see cref="SiloSettings"/> from configuration (appsettings, environment variables in the
/// <c>Section__Key</c> form, command-line <c>--Section:Key=value</c>), collecting every problem
/// with its key before failing, so one run shows everything to fix.
/// </summary>
internal static class SiloSettingsReader
{
    public const string DefaultHttpUrl = "http://127.0.0.1:8080";

    /// <summary>Every key the host reads, besides the <c>Dispatch</c> section (bound to <see cref="DispatchOptions"/>).</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "Cluster:Provider", "Cluster:ClusterId", "Cluster:ServiceId", "Cluster:SiloPort", "Cluster:GatewayPort",
        "Cluster:AdvertisedAddress", "Cluster:ListenOnAnyAddress", .. FailureDetectionReader.Keys, "Storage:Provider", "Redis:ConnectionString",
        "Redis:Password", "Dashboard:Enabled", "GroupView:Enabled", "Http:Url", "Http:ApiKey", "Http:AllowUnprotected", "Workers:Enabled", "Workers:Url", "Demo:Receipts", "Demo:ReceiptsRedis", "Silo:ShutdownTimeout",
        "Telemetry:Exporter", .. TlsSettings.Keys,
    ];

    public static SiloSettings Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var clustering = ReadEnum(configuration, "Cluster:Provider", ClusterProvider.Localhost, problems);
        var storage = ReadEnum(configuration, "Storage:Provider", clustering == ClusterProvider.Redis ? StorageProvider.Redis : StorageProvider.Memory, problems);
        var receipts = ReadEnum(configuration, "Demo:Receipts", ReceiptStore.None, problems);
        var dashboard = ReadBool(configuration, "Dashboard:Enabled", clustering == ClusterProvider.Localhost, problems);
        var settings = new SiloSettings
        {
            Clustering = clustering,
            Storage = storage,
            DemoReceipts = receipts,
            ClusterId = ReadName(configuration, "Cluster:ClusterId", "dispatch", problems),
            ServiceId = ReadName(configuration, "Cluster:ServiceId", "dispatch", problems),
            SiloPort = ReadPort(configuration, "Cluster:SiloPort", 11111, problems),
            GatewayPort = ReadPort(configuration, "Cluster:GatewayPort", 30000, problems),
            AdvertisedAddress = ReadAddress(configuration, "Cluster:AdvertisedAddress", clustering == ClusterProvider.Localhost ? IPAddress.Loopback : null, problems),
            ListenOnAnyAddress = ReadBool(configuration, "Cluster:ListenOnAnyAddress", false, problems),
            FailureDetection = FailureDetectionReader.Read(configuration, problems),
            DashboardEnabled = dashboard,
            GroupViewEnabled = ReadBool(configuration, "GroupView:Enabled", dashboard, problems),
            HttpUrl = ReadUrl(configuration, "Http:Url", DefaultHttpUrl, problems),
            HttpApiKey = configuration["Http:ApiKey"] is { Length: > 0 } key ? key : null,
            HttpAllowUnprotected = ReadBool(configuration, "Http:AllowUnprotected", false, problems),
            Tls = TlsSettings.Read(key => configuration[key], problems, certificateRequired: true),
            Telemetry = ReadEnum(configuration, "Telemetry:Exporter", TelemetryExporter.None, problems),
            ShutdownTimeout = ReadDuration(configuration, "Silo:ShutdownTimeout", TimeSpan.FromSeconds(30), problems),
        };

        if (ReadBool(configuration, "Workers:Enabled", true, problems))
        {
            settings = settings with { WorkersUrl = ReadUrl(configuration, "Workers:Url", DefaultWorkersUrl(settings.HttpUrl), problems) };
        }

        if (settings.UsesRedis)
        {
            settings = settings with { Redis = ReadRedis(configuration, "Redis:ConnectionString", problems) };
        }

        if (!string.IsNullOrWhiteSpace(configuration["Demo:ReceiptsRedis"]))
        {
            settings = settings with { ReceiptsRedis = ReadRedis(configuration, "Demo:ReceiptsRedis", problems, passwordInString: true) };
        }

        if (settings.HttpRevealsState && !settings.HttpIsLoopback && settings.HttpApiKey is null && !settings.HttpAllowUnprotected)
        {
            problems.Add(
                $"Http:Url is {settings.HttpUrl}, not a loopback address, and {Revealing(settings)} with no credential: " +
                "anyone who reaches the port could read the silo's state (the dashboard also streams its logs). Set Http:ApiKey, bind Http:Url to 127.0.0.1, " +
                "turn the dashboard off, or set Http:AllowUnprotected=true if this is intended.");
        }

        if (settings.WorkersUseTls && !settings.Tls.Enabled)
        {
            problems.Add(
                $"Workers:Url is {settings.WorkersUrl}: the worker endpoint takes its certificate from the Tls:* settings, so https needs Tls:Enabled=true " +
                "(with Tls:CertificatePath or Tls:CertificateSubject). Or use an http Workers:Url on a loopback address.");
        }

        if (!settings.WorkersIsLoopback && !settings.WorkersRequireCertificate && settings.HttpApiKey is null && !settings.HttpAllowUnprotected)
        {
            problems.Add(
                $"Workers:Url is {settings.WorkersUrl}, not a loopback address, with no credential: anyone who reaches the port could join a group as a worker " +
                "and take its messages. Set Http:ApiKey (workers then send it as a Bearer token), serve it over mutual TLS (an https Workers:Url with Tls:Enabled=true), " +
                "bind Workers:Url to 127.0.0.1, set Workers:Enabled=false, " +
                "or set Http:AllowUnprotected=true if this is intended.");
        }

        if (settings.SiloPort == settings.GatewayPort && settings.SiloPort != 0)
        {
            problems.Add($"Cluster:SiloPort and Cluster:GatewayPort are both {settings.SiloPort}: they must differ.");
        }

        return problems.Count > 0 ? throw new SiloConfigurationException(problems) : settings;
    }

    /// <summary>The settings that put state on show, as the refusal names them.</summary>
    private static string Revealing(SiloSettings settings) => string.Join(
        " and ",
        new[]
        {
            settings.DashboardEnabled ? "Dashboard:Enabled is true" : null,
            settings.GroupViewEnabled ? "GroupView:Enabled is true" : null,
            settings.Telemetry == TelemetryExporter.Prometheus ? "Telemetry:Exporter is Prometheus" : null,
        }.OfType<string>());

    private static TEnum ReadEnum<TEnum>(IConfiguration configuration, string key, TEnum fallback, List<string> problems)
        where TEnum : struct, Enum => SettingText.Choice(configuration[key], key, fallback, problems);

    private static string ReadName(IConfiguration configuration, string key, string fallback, List<string> problems)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl) || text.Length > 128)
        {
            problems.Add($"{key}: must be 1 to 128 characters, not blank, with no control characters.");
        }

        return text;
    }

    private static int ReadPort(IConfiguration configuration, string key, int fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            return port;
        }

        problems.Add($"{key}: '{text}' is not a port number (1 to 65535).");
        return fallback;
    }

    private static bool ReadBool(IConfiguration configuration, string key, bool fallback, List<string> problems) =>
        SettingText.Bool(configuration[key], key, fallback, problems);

    internal static TimeSpan ReadDuration(IConfiguration configuration, string key, TimeSpan fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not a positive duration (hh:mm:ss, or hh:mm:ss.fff).");
        return fallback;
    }

    /// <summary>
    /// The worker protocol's default address: loopback, on <c>Http:Url</c>'s port plus 10 (8080 gives
    /// 8090), so that silos side by side on one machine do not collide. Never beyond loopback unless
    /// <c>Workers:Url</c> says so (and then <c>Http:ApiKey</c> or mutual TLS is required).
    /// </summary>
    internal static string DefaultWorkersUrl(string httpUrl) =>
        Uri.TryCreate(httpUrl, UriKind.Absolute, out var uri) && uri.Port is > 0 and <= 65525
            ? $"http://127.0.0.1:{uri.Port + 10}"
            : "http://127.0.0.1:8090";

    private static string ReadUrl(IConfiguration configuration, string key, string fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return text;
        }

        problems.Add($"{key}: '{text}' is not an http(s) URL such as {fallback}.");
        return fallback;
    }

    private static IPAddress? ReadAddress(IConfiguration configuration, string key, IPAddress? fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        try
        {
            // A host name (a container's own name, say) is resolved once, at start.
            var resolved = Dns.GetHostAddresses(text).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (resolved is not null)
            {
                return resolved;
            }

            problems.Add($"{key}: host name '{text}' has no IPv4 address.");
        }
        catch (SocketException exception)
        {
            problems.Add($"{key}: '{text}' is neither an IP address nor a resolvable host name ({exception.Message}).");
        }

        return fallback;
    }

    /// <summary>A Redis connection string from <paramref name="key"/>, with <c>Redis:Password</c> applied.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="key">The key holding the connection string.</param>
    /// <param name="problems">Where a problem is added.</param>
    /// <param name="passwordInString">Whether a password in the connection string wins over <c>Redis:Password</c> (a second Redis may have its own).</param>
    private static ConfigurationOptions? ReadRedis(IConfiguration configuration, string key, List<string> problems, bool passwordInString = false)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{key}: required when Cluster:Provider, Storage:Provider or Demo:Receipts is Redis (for example 127.0.0.1:6379).");
            return null;
        }

        try
        {
            var options = ConfigurationOptions.Parse(text);
            if (configuration["Redis:Password"] is { Length: > 0 } password && !(passwordInString && options.Password is { Length: > 0 }))
            {
                options.Password = password;
            }

            options.AbortOnConnectFail = false;
            return options;
        }
        catch (ArgumentException exception)
        {
            // The message of a parse failure can quote the text, password included: never echo it.
            problems.Add($"{key}: not a StackExchange.Redis configuration string ({exception.GetType().Name}).");
            return null;
        }
    }
}
