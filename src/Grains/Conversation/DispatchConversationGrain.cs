using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// One message's conversation once its first attempt crashed: it excludes the consumer that
/// crashed and reroutes through the group until delivery or failure. Placed on the silo that
/// starts it, and deactivated as soon as the dispatch ends, so activations do not pile up.
/// </summary>
[PreferLocalPlacement]
internal sealed class DispatchConversationGrain(
    IOptions<DispatchOptions> options,
    TimeProvider time,
    DispatchMetrics metrics,
    ILocalSiloDetails silo,
    ILogger<DispatchConversationGrain> logger) : Grain, IDispatchConversationGrain
{
    public async Task<DispatchOutcome> Continue(string group, RoutingMessage message, ConversationHandOff handOff, CancellationToken cancellationToken = default)
    {
        try
        {
            var services = new ConversationServices(options.Value, time, metrics, logger, silo.SiloAddress, GrainFactory);
            var conversation = new DispatchConversation(group, message, GrainFactory.GetGrain<IConsumerGroupRouterGrain>(group), services, handOff);
            var result = await conversation.RunAsync(handOffOnCrash: false, cancellationToken);
            return result.Outcome!;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
