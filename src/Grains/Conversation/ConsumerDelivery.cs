using System.Diagnostics;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>One delivery attempt: the consumer's <c>Consume</c> under the attempt timeout, traced and measured.</summary>
internal static class ConsumerDelivery
{
    /// <summary>Delivers <paramref name="message"/> to <paramref name="target"/> once: null on acknowledgement, else the crash.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> (the dispatch) was cancelled.</exception>
    public static async Task<AttemptFailure?> DeliverAsync(
        string group, RoutingMessage message, ConsumerId consumer, IConsumerGrain target, ActivityContext parentSpan, ConversationServices services, CancellationToken cancellationToken)
    {
        using var span = DispatchTelemetry.Source.StartActivity("dispatch.attempt", ActivityKind.Internal, parentSpan);
        span?.SetTag(DispatchTelemetry.GroupTag, group);
        span?.SetTag(DispatchTelemetry.MessageIdTag, message.Id);
        span?.SetTag(DispatchTelemetry.ConsumerTag, consumer.Value);
        var started = services.Time.GetTimestamp();
        var failure = await ConsumeAsync(target, message, services, cancellationToken).ConfigureAwait(false);
        services.Metrics.AttemptEnded(group, services.Time.GetElapsedTime(started), failure is null);
        span?.SetTag(DispatchTelemetry.OutcomeTag, failure is null ? "delivered" : "crashed");
        if (failure is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure.Reason);
        }

        return failure;
    }

    private static async Task<AttemptFailure?> ConsumeAsync(IConsumerGrain target, RoutingMessage message, ConversationServices services, CancellationToken dispatchToken)
    {
        var timeout = services.Options.AttemptTimeout;
        var started = services.Time.GetTimestamp();
        using var attemptTimeout = new CancellationTokenSource(timeout, services.Time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(dispatchToken, attemptTimeout.Token);
        Task? call = null;
        try
        {
            WaitingLineDiagnostics.AttemptSent(message.Id);
            call = target.Consume(message, attempt.Token);

            // WaitAsync bounds the wait even when the consumer ignores its token or its silo is gone.
            await call.WaitAsync(attempt.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (dispatchToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested)
        {
            if (call is not null && services.Time.GetElapsedTime(started) - timeout > DispatchConversation.SleepTolerance
                && await AnsweredAfterSleepAsync(call, services.Time, dispatchToken).ConfigureAwait(false))
            {
                // This silo slept through the timeout; the consumer had answered meanwhile.
                return null;
            }

            return new AttemptFailure($"no answer within the attempt timeout of {timeout}", Refused: false);
        }
        catch (Exception exception)
        {
            return new AttemptFailure($"{exception.GetType().Name}: {exception.Message}", TransientFailure.IsRefused(exception));
        }
    }

    /// <summary>
    /// Whether an attempt whose timeout fired late (this silo was paused or starved past it) was
    /// acknowledged meanwhile: its answer may be waiting to be read, and reading it for a moment
    /// spares the consumer a second delivery.
    /// </summary>
    private static async Task<bool> AnsweredAfterSleepAsync(Task call, TimeProvider time, CancellationToken dispatchToken)
    {
        await ((Task)call.WaitAsync(DispatchConversation.SleepTolerance, time, dispatchToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        dispatchToken.ThrowIfCancellationRequested();
        return call.IsCompletedSuccessfully;
    }
}
