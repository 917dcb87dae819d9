using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>
/// Three silos, the client connected to the primary only, so that a secondary silo can be killed
/// without touching the client's gateway or the conversations it starts (they are placed locally).
/// Storage lives in the test process, as durable storage outlives a silo: a group whose directory
/// entry died with the silo re-activates with its registrations.
/// </summary>
public sealed class SiloLossClusterFixture : ClusterFixture
{
    protected override short Silos => 3;

    protected override bool GatewayPerSilo => false;

    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<DurableStorage>();

    private sealed class DurableStorage : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage, SharedGrainStorage>(DispatchDefaults.StorageProviderName);
    }
}
