using Orleans.Placement;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// One dispatch's conversation once its first attempt crashed: it excludes the consumer that
/// crashed and reroutes through the group until delivery or failure. Placed on the silo that
/// starts it, and deactivated as soon as the dispatch ends, so activations do not pile up.
/// </summary>
[PreferLocalPlacement]
internal sealed class DispatchConversationGrain(ConversationServices services, GroupCallsSource groups) : Grain, IDispatchConversationGrain
{
    public async Task<DispatchOutcome> Continue(string group, RoutingMessage message, ConversationHandOff handOff, CancellationToken cancellationToken = default)
    {
        try
        {
            return await DispatchConversation.Resume(group, message, handOff, groups.For(group), services).RunToEndAsync(cancellationToken);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
