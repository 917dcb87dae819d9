using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Dispatch.Conversation;
using Orleans.Placement;

namespace Orleans.Dispatch.Grains;

/// <summary>
/// One message's conversation, placed on the silo that starts it. It runs the dispatch loop and
/// deactivates as soon as the message is delivered or has failed, so activations do not pile up.
/// </summary>
/// <remarks>
/// Reentrant so that a repeat of the message id while its dispatch runs joins it (and gets its
/// outcome) instead of queueing behind it and dispatching again.
/// </remarks>
[PreferLocalPlacement, Reentrant]
internal sealed class DispatchConversationGrain(
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DispatchConversationGrain> logger) : Grain, IDispatchConversationGrain
{
    private RoutingMessage? running;
    private Task<DispatchOutcome>? dispatch;

    public async Task<DispatchOutcome> Run(string group, RoutingMessage message, CancellationToken cancellationToken = default)
    {
        if (dispatch is not null)
        {
            if (!message.Equals(running))
            {
                throw IdempotencyConflict.Create(message, group, inProgress: true);
            }

            // A repeat: wait for the dispatch in progress (or just ended) and share its outcome.
            return await dispatch.WaitAsync(cancellationToken);
        }

        running = message;
        dispatch = RunOnceAsync(group, message, cancellationToken);
        return await dispatch;
    }

    private async Task<DispatchOutcome> RunOnceAsync(string group, RoutingMessage message, CancellationToken cancellationToken)
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
