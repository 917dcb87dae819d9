using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Conversation;
using Orleans.Placement;

namespace Orleans.Dispatch.Grains;

/// <summary>
/// One message's conversation, placed on the silo that starts it. It runs the dispatch loop and
/// deactivates as soon as the message is delivered or has failed, so activations do not pile up.
/// </summary>
[PreferLocalPlacement]
internal sealed class DispatchConversationGrain(
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DispatchConversationGrain> logger) : Grain, IDispatchConversationGrain
{
    public async Task<DispatchOutcome> Run(string group, RoutingMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            var router = GrainFactory.GetGrain<IConsumerGroupRouterGrain>(group);
            return await new DispatchConversation(group, message, router, options.Value, time, logger).RunAsync(cancellationToken);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
