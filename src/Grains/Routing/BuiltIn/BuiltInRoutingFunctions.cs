namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>The names and factories of the built-in routing functions.</summary>
internal static class BuiltInRoutingFunctions
{
    public const string FirstAvailable = "first-available";
    public const string RoundRobin = "round-robin";
    public const string LeastLoaded = "least-loaded";
    public const string ByField = "by-field";
    public const string Affinity = "affinity";
    public const string ConsistentHash = "consistent-hash";

    public static IEnumerable<RoutingFunctionRegistration> All { get; } =
    [
        new(FirstAvailable, false, static (_, _) => new FirstAvailableRoutingFunction()),
        new(RoundRobin, false, static (_, _) => new RoundRobinRoutingFunction()),
        new(LeastLoaded, false, static (_, _) => new LeastLoadedRoutingFunction()),
        new(ByField, true, static (_, field) => new ByFieldRoutingFunction(field!)),
        new(Affinity, true, static (_, field) => new AffinityRoutingFunction(field!)),
        new(ConsistentHash, true, static (_, field) => new ConsistentHashRoutingFunction(field!)),
    ];
}
