using Orleans.Concurrency;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Grains;

/// <summary>
/// The client-facing entry point: a stateless worker, local to the silo the call arrives at,
/// that validates the call and hands the message to its conversation. Reentrant: it holds no
/// state and only waits on the conversation.
/// </summary>
/// <remarks>
/// One activation per silo: Orleans routes a caller's cancellation to any local activation of a
/// stateless worker, and only the one running the call can honour it (dotnet/orleans#9877).
/// Being reentrant, the single activation serves every concurrent dispatch. Transport failures
/// (the conversation's silo died, a rejection) pass through unwrapped, so a caller can tell them
/// apart and send the message again: dispatch is idempotent by message id.
/// </remarks>
[StatelessWorker(1), Reentrant]
internal sealed class DispatchGrain : Grain, IDispatchGrain
{
    public async Task<DispatchOutcome> Dispatch(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.FindDefect() is { } defect)
        {
            throw new ArgumentException($"The message is malformed: {defect}.", nameof(message));
        }

        var group = GroupName.Validate(this.GetPrimaryKeyString());

        var conversation = GrainFactory.GetGrain<IDispatchConversationGrain>(ConversationKey.For(group, message.Id));
        try
        {
            return await conversation.Run(group, message, cancellationToken);
        }
        catch (Exception exception) when (exception is not (DispatchException or ArgumentException or OperationCanceledException) && !TransientFailure.IsTransient(exception))
        {
            throw new DispatchConversationException(message.Id, group, $"{exception.GetType().Name}: {exception.Message}", null, exception);
        }
    }
}
