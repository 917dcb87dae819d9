using Orleans.Dispatch.Tests.Support;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>Three silos, every one a gateway, for the chaos soak.</summary>
public sealed class ChaosClusterFixture : ClusterFixture
{
    protected override short Silos => 3;

    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<ChaosSiloConfigurator>();
}
