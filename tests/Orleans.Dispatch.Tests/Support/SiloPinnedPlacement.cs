using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Places a grain on the silo named before the '|' in its key.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Tests.SiloPinnedPlacement")]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static string Key(SiloAddress silo, string name) => $"{silo.ToParsableString()}|{name}";
}
