namespace Orleans.Dispatch.Grains;

/// <summary>The per-message conversation: routes through the group, delivers, and reroutes on crashes.</summary>
[Alias("Orleans.Dispatch.IDispatchConversationGrain")]
internal interface IDispatchConversationGrain : IGrainWithStringKey
{
    /// <summary>Runs the dispatch loop for <paramref name="message"/>; cancelling the token cancels the attempt in flight.</summary>
    [Alias("Run")]
    Task<DispatchOutcome> Run(string group, RoutingMessage message, CancellationToken cancellationToken = default);
}
