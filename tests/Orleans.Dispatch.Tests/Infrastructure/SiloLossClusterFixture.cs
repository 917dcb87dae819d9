namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>
/// Three silos, the client connected to the primary only, so that a secondary silo can be killed
/// without touching the client's gateway or the conversations it starts (they are placed locally).
/// </summary>
public sealed class SiloLossClusterFixture : ClusterFixture
{
    protected override short Silos => 3;

    protected override bool GatewayPerSilo => false;
}
