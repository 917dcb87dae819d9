using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>A test cluster with short limits; two silos shared by the tests of <see cref="SharedCluster"/> unless a subclass says otherwise.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    protected virtual short Silos => 2;

    /// <summary>Whether every silo is a gateway; with false, the client talks to the primary silo only.</summary>
    protected virtual bool GatewayPerSilo => true;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(Silos);
        builder.Options.GatewayPerSilo = GatewayPerSilo;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        Configure(builder);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Adds to the test cluster's configuration; the shared settings are applied first.</summary>
    protected virtual void Configure(TestClusterBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
