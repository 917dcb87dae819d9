namespace Orleans.Dispatch.Grains;

/// <summary>The group's side of a dispatch conversation: routing decisions, lease releases and how dispatches ended.</summary>
[Alias("Orleans.Dispatch.IConsumerGroupRouterGrain")]
internal interface IConsumerGroupRouterGrain : IGrainWithStringKey
{
    /// <summary>Releases <see cref="RouteRequest.ReleaseLease"/>, then takes a routing decision over the live consumers minus the excluded ones.</summary>
    [Alias("Route")]
    Task<RouteResult> Route(RouteRequest request);

    /// <summary>Releases a lease (idempotent; 0 is ignored) and records how the dispatch ended, for idempotency.</summary>
    [Alias("Complete")]
    Task Complete(long lease, OutcomeRecord record);

    /// <summary>Releases a lease (idempotent).</summary>
    [Alias("Release")]
    Task Release(long lease);
}
