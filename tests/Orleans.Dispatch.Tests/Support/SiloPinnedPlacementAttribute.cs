using Orleans.Placement;

namespace Orleans.Dispatch.Tests.Support;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(new SiloPinnedPlacement());
