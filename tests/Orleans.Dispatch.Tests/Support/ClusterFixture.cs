using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Support;

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
        RunTheProductionDirectory(builder);
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        Configure(builder);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Test clusters get Orleans' experimental distributed grain directory by default, which
    /// takes a dead silo's directory ranges over instead of deactivating the activations they
    /// registered. Silos built with <c>AddDispatch</c> run Orleans' default directory
    /// (<c>LocalGrainDirectory</c>), so the tests run that one too: its deactivations are what a
    /// group must survive in production.
    /// </summary>
    private static void RunTheProductionDirectory(TestClusterBuilder builder)
    {
        var removed = builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(
            type => type?.StartsWith("Orleans.TestingHost.ConfigureDistributedGrainDirectory,", StringComparison.Ordinal) == true);
        if (removed != 1)
        {
            throw new InvalidOperationException("The test cluster's distributed-directory configurator was not found: the tests would not run the production directory.");
        }
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
