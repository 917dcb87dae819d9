namespace Orleans.Dispatch.Grains;

/// <summary>The per-message conversation: routes through the group, delivers, and reroutes on crashes.</summary>
[Alias("Orleans.Dispatch.IDispatchConversationGrain")]
internal interface IDispatchConversationGrain : IGrainWithStringKey
{
    [Alias("Run")]
    Task<DispatchOutcome> Run(string group, RoutingMessage message, CancellationToken cancellationToken = default);
}
