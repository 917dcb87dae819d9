using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>
/// The silo host's default log levels: per-call and per-connection lines (Polly's for every
/// placement, connections opening and closing, the dashboard's) and the options dump go below
/// the console's threshold; start-up, membership, warnings and this project's own logs stay.
/// Any <c>Logging:LogLevel:*</c> setting (appsettings, <c>Logging__LogLevel__Polly=Information</c>)
/// overrides them.
/// </summary>
internal static class QuietLogging
{
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Orleans.Runtime.SiloOptionsLogger"] = "Warning",
        ["Logging:LogLevel:Orleans.Runtime.Messaging"] = "Warning",
        ["Logging:LogLevel:Orleans.Dashboard"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Puts the defaults under every other configuration source, so that any of them wins.</summary>
    public static void Apply(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
}
