using Orleans.Placement;

namespace Orleans.Dispatch.Workers;

/// <summary>Places a grain by <see cref="WorkerPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class WorkerPlacementAttribute() : PlacementAttribute(WorkerPlacement.Instance);
