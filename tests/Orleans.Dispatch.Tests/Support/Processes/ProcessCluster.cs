namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Three silo processes and two clients: one to arrange and inspect the group, one carrying the load through the retrying client.</summary>
internal sealed class ProcessCluster(LocalSilo[] silos, ProcessClusterClient admin, ProcessClusterClient load) : IAsyncDisposable
{
    public LocalSilo[] Silos { get; } = silos;

    public ProcessClusterClient Admin { get; } = admin;

    public ProcessClusterClient Load { get; } = load;

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
