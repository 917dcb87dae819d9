using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dispatch.Hosting;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>
/// The tuned failure detection as a user's own silo applies it (<c>UseDispatchFailureDetection</c>),
/// and what the silo says at start about the detection and the storage it runs on.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DispatchFailureDetectionTests
{
    [Fact]
    public void UseDispatchFailureDetection_bounds_a_silo_that_stops_answering_at_ten_seconds()
    {
        using var host = Build(silo => silo.UseDispatchFailureDetection());
        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        FailureDetectionSettingsTests.AssertTunedDefaults(membership);
        Assert.Equal(TimeSpan.FromSeconds(10), DispatchFailureDetectionOptions.BoundOf(membership));
    }

    [Fact]
    public void A_change_to_the_defaults_is_applied()
    {
        using var host = Build(silo => silo.UseDispatchFailureDetection(o => o.MissedProbesLimit = 5));

        Assert.Equal(5, host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.NumMissedProbesLimit);
    }

    [Theory]
    [InlineData("MissedProbesLimit", "DispatchFailureDetectionOptions.MissedProbesLimit: 0 is not a whole number from 1 to 10")]
    [InlineData("ProbeTimeout", "DispatchFailureDetectionOptions.ProbeTimeout: 00:00:00 is not a positive duration")]
    [InlineData("DeathVoteExpiration", "DispatchFailureDetectionOptions.DeathVoteExpiration: 00:00:05 must be longer than DispatchFailureDetectionOptions.MaxProbeTimeout x DispatchFailureDetectionOptions.MissedProbesLimit (00:00:06)")]
    public void A_bad_setting_is_refused_naming_it(string setting, string problem)
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.UseOrleans(silo => silo.UseDispatchFailureDetection(o =>
        {
            switch (setting)
            {
                case "MissedProbesLimit": o.MissedProbesLimit = 0; break;
                case "ProbeTimeout": o.ProbeTimeout = TimeSpan.Zero; break;
                default: o.DeathVoteExpiration = TimeSpan.FromSeconds(5); break;
            }
        })));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_Orleans_default_detection_and_in_memory_storage_the_silo_warns_at_start_naming_the_bound_and_the_fix()
    {
        using var host = Build(_ => { });
        var logs = Report(host);

        var detection = Assert.Single(logs, r => r.Message.Contains("UseDispatchFailureDetection", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, detection.Level);
        Assert.Contains("00:02:20", detection.Message, StringComparison.Ordinal);
        var storage = Assert.Single(logs, r => r.Message.Contains("in memory", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, storage.Level);
        Assert.Contains("'dispatch'", storage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_tuned_detection_and_a_storage_named_dispatch_the_silo_says_which_detection_is_in_force_and_warns_of_nothing()
    {
        using var host = Build(silo =>
        {
            silo.AddMemoryGrainStorage(DispatchDefaults.StorageProviderName);
            silo.UseDispatchFailureDetection();
        });
        var logs = Report(host);

        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Warning);
        var inForce = Assert.Single(logs, r => r.Message.StartsWith("Failure detection for dispatch is in force", StringComparison.Ordinal));
        Assert.Contains("00:00:10", inForce.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_runs_in_the_silo_lifecycle()
    {
        using var host = Build(_ => { });

        Assert.Contains(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => p is DispatchStartupReport);
    }

    private static IHost Build(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
            silo.AddDispatch();
        });
        return builder.Build();
    }

    private static IReadOnlyList<FakeLogRecord> Report(IHost host)
    {
        var collector = host.Services.GetFakeLogCollector();
        collector.Clear();
        host.Services.GetRequiredService<DispatchStartupReport>().Report();
        return collector.GetSnapshot();
    }
}
