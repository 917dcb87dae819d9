namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Three silo processes and two clients: one to arrange and inspect the group, one carrying the load through the retrying client.</summary>
internal sealed class ProcessCluster(LocalSilo[] silos, ProcessClusterClient admin, ProcessClusterClient load, RedisServer redis) : IAsyncDisposable
{
    public LocalSilo[] Silos { get; } = silos;

    /// <summary>Arranges and inspects the cluster while every silo lives (it knows every gateway).</summary>
    public ProcessClusterClient Admin { get; } = admin;

    public ProcessClusterClient Load { get; } = load;

    /// <summary>The Redis holding the cluster's membership and storage.</summary>
    public RedisServer Redis { get; } = redis;

    /// <summary>
    /// A client for inspecting the cluster after silos were lost: it knows only the gateways of
    /// <paramref name="live"/>. Orleans' client learns that a gateway is dead only by failing to
    /// reach it, and its list of gateways lags membership, so an inspection through
    /// <see cref="Admin"/> could land on a dead silo's gateway; through this one it cannot.
    /// </summary>
    public Task<ProcessClusterClient> InspectorAsync(IEnumerable<LocalSilo> live) =>
        ProcessClusterClient.ConnectAsync(Redis, Silos[0].Environment, gateways: [.. live.Select(s => s.GatewayPort)]);

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        await Admin.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}
