using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dispatch.Diagnostics;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Dispatch.Hosting;

/// <summary>
/// Says at silo start what a user hosting dispatch would otherwise not know: which failure
/// detection is in force and the bound it gives, and whether dispatch's storage is the in-memory fallback.
/// </summary>
internal sealed class DispatchStartupReport(IServiceProvider services, IOptions<ClusterMembershipOptions> membership, ILogger<DispatchStartupReport> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DispatchStartupReport), ServiceLifecycleStage.Active, _ =>
        {
            Report();
            return Task.CompletedTask;
        });

    /// <summary>Logs the report (also called by tests).</summary>
    internal void Report()
    {
        var options = membership.Value;
        if (services.GetService<AppliedFailureDetection>() is { } applied && Matches(applied.Settings, options))
        {
            var settings = applied.Settings;
            logger.FailureDetectionInForce(settings.Bound, settings.ProbeTimeout, settings.MaxProbeTimeout, settings.MissedProbesLimit, settings.VotesForDeath);
        }
        else
        {
            var bound = DispatchFailureDetectionOptions.BoundOf(options);
            var dispatchBound = new DispatchFailureDetectionOptions().Bound;
            if (bound > dispatchBound)
            {
                logger.SlowFailureDetection(bound, dispatchBound);
            }
        }

        logger.WorkerDetectionInForce();
        if (services.GetService<InMemoryFallback>() is not null && services.GetKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName) is MemoryGrainStorage)
        {
            logger.InMemoryStorage(DispatchDefaults.StorageProviderName);
        }
    }

    /// <summary>Whether the options in force are still what was applied (a later <c>Configure</c> may have changed them).</summary>
    private static bool Matches(DispatchFailureDetectionOptions settings, ClusterMembershipOptions options) =>
        options.MaxProbeTimeout == settings.MaxProbeTimeout
        && options.NumMissedProbesLimit == settings.MissedProbesLimit
        && options.TableRefreshTimeout == settings.TableRefreshTimeout
        && options.NumVotesForDeathDeclaration == settings.VotesForDeath;
}
