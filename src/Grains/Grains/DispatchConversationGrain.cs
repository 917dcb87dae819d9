using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Conversation;
using Orleans.Placement;

namespace Orleans.Dispatch.Grains;

/// <summary>
/// One message's conversation once its first attempt crashed: it excludes the consumer that
/// crashed and reroutes through the group until delivery or failure. Placed on the silo that
/// starts it, and deactivated as soon as the dispatch ends, so activations do not pile up.
/// </summary>
[PreferLocalPlacement]
internal sealed class DispatchConversationGrain(
    IOptions<DispatchOptions> options,
    TimeProvider time,
    Diagnostics.DispatchMetrics metrics,
    ILogger<DispatchConversationGrain> logger) : Grain, IDispatchConversationGrain
{
    public async Task<DispatchOutcome> Continue(string group, RoutingMessage message, ConversationHandOff handOff, CancellationToken cancellationToken = default)
    {
        try
        {
            var router = GrainFactory.GetGrain<IConsumerGroupRouterGrain>(group);
            var conversation = new DispatchConversation(group, message, router, options.Value, time, metrics, logger, RuntimeIdentity, handOff, GrainFactory);
            return (await conversation.RunAsync(cancellationToken))!;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
