namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Three silos, the client connected to the primary only, so that a secondary silo can be killed
/// without touching the client's gateway or the conversations it starts (they are placed locally).
/// Storage lives in the test process (<see cref="FaultyGrainStorage"/>), as durable storage
/// outlives a silo: a group whose directory entry died with the silo re-activates with its registrations.
/// </summary>
public sealed class SiloLossClusterFixture : ClusterFixture
{
    protected override short Silos => 3;

    protected override bool GatewayPerSilo => false;
}
