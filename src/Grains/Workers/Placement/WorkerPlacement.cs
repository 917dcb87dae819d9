using Orleans.Runtime;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// Where a worker process's grain is activated: a stream worker's grain on the silo serving its
/// stream (named in its key); any other worker's grain on the silo that activates it (its
/// gateway, the worker's own attach), as <c>PreferLocalPlacement</c> does.
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.WorkerPlacement")]
internal sealed class WorkerPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static WorkerPlacement Instance { get; } = new();
}
