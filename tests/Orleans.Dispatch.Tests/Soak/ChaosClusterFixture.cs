using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Tests.Support;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// Three silos, every one a gateway, for the chaos soak. The dispatches under test go through
/// <see cref="ClusterFixture.Client"/>, which knows every gateway, so a killed silo's gateway is
/// part of the fault; the tests' own churn and inspections go through <see cref="Driver"/>.
/// </summary>
public sealed class ChaosClusterFixture : ClusterFixture
{
    protected override short Silos => 3;

    /// <summary>
    /// The primary silo's own client: its calls start inside the primary, which the chaos never
    /// kills, and reach no gateway. The cluster's client knows every silo's gateway, and a call it
    /// sends through one as that silo is killed is rejected or waits out the response timeout: a
    /// failure of the fault the test injected, not of the system under test, so the test's own
    /// admin calls and inspections do not take that path.
    /// </summary>
    public IClusterClient Driver => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<IClusterClient>();

    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<ChaosSiloConfigurator>();
}
