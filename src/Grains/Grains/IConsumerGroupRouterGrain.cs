namespace Orleans.Dispatch.Grains;

/// <summary>The group's side of a dispatch conversation: routing decisions and lease releases.</summary>
[Alias("Orleans.Dispatch.IConsumerGroupRouterGrain")]
internal interface IConsumerGroupRouterGrain : IGrainWithStringKey
{
    /// <summary>Releases <see cref="RouteRequest.ReleaseLease"/>, then takes a routing decision over the live consumers minus the excluded ones.</summary>
    [Alias("Route")]
    Task<RouteResult> Route(RouteRequest request);

    /// <summary>Releases a lease (idempotent).</summary>
    [Alias("Release")]
    Task Release(long lease);
}
