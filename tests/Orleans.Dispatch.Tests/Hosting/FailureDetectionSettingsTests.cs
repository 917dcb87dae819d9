using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Dispatch.Silo.Configuration;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>The silo host's <c>Cluster:*</c> failure-detection settings: defaults, what they set in Orleans, and refused values.</summary>
[Trait("Category", "Unit")]
public sealed class FailureDetectionSettingsTests
{
    [Fact]
    public void The_defaults_declare_a_silo_that_stops_answering_dead_within_ten_seconds()
    {
        var detection = Read().FailureDetection;
        var membership = new ClusterMembershipOptions();
        detection.ApplyTo(membership);

        AssertTunedDefaults(membership);
        Assert.Equal(TimeSpan.FromSeconds(10), detection.Bound);
    }

    [Fact]
    public void Every_setting_is_read_from_its_key()
    {
        var detection = Read(
            ("Cluster:ProbeTimeout", "00:00:02"),
            ("Cluster:MaxProbeTimeout", "00:00:05"),
            ("Cluster:MissedProbesLimit", "4"),
            ("Cluster:VotesForDeath", "1"),
            ("Cluster:DeathVoteExpiration", "00:01:00"),
            ("Cluster:TableRefreshTimeout", "00:00:00.500"),
            ("Cluster:ConnectionLivenessCheck", "true")).FailureDetection;

        Assert.Equal(TimeSpan.FromSeconds(2), detection.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), detection.MaxProbeTimeout);
        Assert.Equal(4, detection.MissedProbesLimit);
        Assert.Equal(1, detection.VotesForDeath);
        Assert.Equal(TimeSpan.FromMinutes(1), detection.DeathVoteExpiration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), detection.TableRefreshTimeout);
        Assert.True(detection.ConnectionLivenessCheck);

        Assert.Equal(TimeSpan.FromSeconds(25.5), detection.Bound);
    }

    [Fact]
    public void A_probe_timeout_longer_than_the_default_longest_one_raises_the_longest_with_it()
    {
        var detection = Read(("Cluster:ProbeTimeout", "00:00:05")).FailureDetection;

        Assert.Equal(TimeSpan.FromSeconds(5), detection.MaxProbeTimeout);
    }

    [Theory]
    [InlineData("Cluster:ProbeTimeout", "0", "Cluster:ProbeTimeout: '0' is not a positive duration")]
    [InlineData("Cluster:MissedProbesLimit", "0", "Cluster:MissedProbesLimit: '0' is not a whole number from 1 to 10")]
    [InlineData("Cluster:VotesForDeath", "two", "Cluster:VotesForDeath: 'two' is not a whole number from 1 to 10")]
    [InlineData("Cluster:TableRefreshTimeout", "-00:00:01", "Cluster:TableRefreshTimeout: '-00:00:01' is not a positive duration")]
    [InlineData("Cluster:ConnectionLivenessCheck", "yes", "Cluster:ConnectionLivenessCheck: 'yes' is not true or false")]
    [InlineData("Cluster:DeathVoteExpiration", "00:00:05", "Cluster:DeathVoteExpiration: 00:00:05 must be longer than Cluster:MaxProbeTimeout x Cluster:MissedProbesLimit (00:00:06)")]
    [InlineData("Cluster:MaxProbeTimeout", "00:00:00.500", "Cluster:MaxProbeTimeout: 00:00:00.5000000 is shorter than Cluster:ProbeTimeout (00:00:01)")]
    public void A_bad_value_stops_the_silo_naming_the_key(string key, string value, string problem)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Read((key, value)));

        Assert.Contains(error.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    private static SiloSettings Read(params (string Key, string Value)[] values) =>
        SiloSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    /// <summary>Dispatch's failure detection, applied with its defaults: a silo that stops answering is declared dead within 10 s.</summary>
    internal static void AssertTunedDefaults(ClusterMembershipOptions membership)
    {
        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), membership.MinProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.MaxProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(20), membership.DeathVoteExpirationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.TableRefreshTimeout);
        Assert.False(membership.EnableConnectionLivenessCheck);
    }
}
