using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// The chaos cluster's silos: more attempts than consumers (so only a group with no healthy
/// consumer left can fail) and a short attempt timeout; storage outlives a stopped silo, as in every test cluster.
/// Applied after the shared test configuration, so these settings win.
/// </summary>
public sealed class ChaosSiloConfigurator : ISiloConfigurator
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        siloBuilder.Configure<DispatchOptions>(o =>
        {
            o.MaxAttempts = 40;
            o.AttemptTimeout = AttemptTimeout;
            o.DispatchTimeout = TimeSpan.FromSeconds(25);
            o.GroupCallTimeout = TimeSpan.FromSeconds(3);
        });
    }
}
