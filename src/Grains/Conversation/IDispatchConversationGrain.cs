namespace Orleans.Dispatch.Conversation;

/// <summary>The per-message conversation: it takes over a dispatch whose first attempt crashed, and reroutes it through the group.</summary>
[Alias("Orleans.Dispatch.IDispatchConversationGrain")]
internal interface IDispatchConversationGrain : IGrainWithStringKey
{
    /// <summary>Runs the dispatch loop for <paramref name="message"/> from where <paramref name="handOff"/> says it stands; cancelling the token cancels the attempt in flight.</summary>
    [Alias("Continue")]
    Task<DispatchOutcome> Continue(string group, RoutingMessage message, ConversationHandOff handOff, CancellationToken cancellationToken = default);
}
