using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.Dispatch.Settings;

namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>Reads <see cref="DispatchFailureDetectionOptions"/> from the <c>Cluster:*</c> keys, adding a problem per bad value.</summary>
internal static class FailureDetectionReader
{
    /// <summary>The keys it reads.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "Cluster:ProbeTimeout", "Cluster:MaxProbeTimeout", "Cluster:MissedProbesLimit", "Cluster:VotesForDeath",
        "Cluster:DeathVoteExpiration", "Cluster:TableRefreshTimeout", "Cluster:ConnectionLivenessCheck",
    ];

    public static DispatchFailureDetectionOptions Read(IConfiguration configuration, List<string> problems)
    {
        var defaults = new DispatchFailureDetectionOptions();
        var probeTimeout = SiloSettingsReader.ReadDuration(configuration, "Cluster:ProbeTimeout", defaults.ProbeTimeout, problems);
        var settings = new DispatchFailureDetectionOptions
        {
            ProbeTimeout = probeTimeout,
            MaxProbeTimeout = SiloSettingsReader.ReadDuration(configuration, "Cluster:MaxProbeTimeout", probeTimeout > defaults.MaxProbeTimeout ? probeTimeout : defaults.MaxProbeTimeout, problems),
            MissedProbesLimit = ReadCount(configuration, "Cluster:MissedProbesLimit", defaults.MissedProbesLimit, DispatchFailureDetectionOptions.MaxCount, problems),
            VotesForDeath = ReadCount(configuration, "Cluster:VotesForDeath", defaults.VotesForDeath, DispatchFailureDetectionOptions.MaxCount, problems),
            DeathVoteExpiration = SiloSettingsReader.ReadDuration(configuration, "Cluster:DeathVoteExpiration", defaults.DeathVoteExpiration, problems),
            TableRefreshTimeout = SiloSettingsReader.ReadDuration(configuration, "Cluster:TableRefreshTimeout", defaults.TableRefreshTimeout, problems),
            ConnectionLivenessCheck = SettingText.Bool(configuration["Cluster:ConnectionLivenessCheck"], "Cluster:ConnectionLivenessCheck", defaults.ConnectionLivenessCheck, problems),
        };

        // The same rules as UseDispatchFailureDetection applies, named by their keys.
        problems.AddRange(settings.Validate("Cluster:"));
        return settings;
    }

    private static int ReadCount(IConfiguration configuration, string key, int fallback, int max, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not a whole number from 1 to {max}.");
        return fallback;
    }
}
