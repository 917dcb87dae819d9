using System.Diagnostics;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>One delivery attempt: the consumer's <c>Consume</c> under the attempt timeout, traced and measured.</summary>
internal static class ConsumerDelivery
{
    /// <summary>Delivers <paramref name="message"/> to <paramref name="target"/> once: null on acknowledgement, else the crash.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="dispatchToken"/> (the dispatch) was cancelled.</exception>
    public static async Task<AttemptFailure?> DeliverAsync(
        string group, RoutingMessage message, ConsumerId consumer, IConsumerGrain target, ActivityContext parentSpan, ConversationServices services, CancellationToken dispatchToken)
    {
        using var span = DispatchTelemetry.Source.StartActivity("dispatch.attempt", ActivityKind.Internal, parentSpan);
        span?.SetTag(DispatchTelemetry.GroupTag, group);
        span?.SetTag(DispatchTelemetry.MessageIdTag, message.Id);
        span?.SetTag(DispatchTelemetry.ConsumerTag, consumer.Value);
        var timeout = services.Options.AttemptTimeout;
        var started = services.Time.GetTimestamp();

        // One source per attempt: its own timeout, and the dispatch's cancellation passed on to it.
        using var attempt = new CancellationTokenSource(timeout, services.Time);
        using var dispatchCancels = dispatchToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), attempt);
        AttemptFailure? failure = null;
        Task? call = null;
        try
        {
            WaitingLineDiagnostics.AttemptSent(message.Id);
            call = target.Consume(message, attempt.Token);

            // WaitAsync bounds the wait even when the consumer ignores its token or its silo is gone.
            await call.WaitAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (dispatchToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            if (call is null || services.Time.GetElapsedTime(started) - timeout <= DispatchConversation.SleepTolerance
                || !await AnsweredAfterSleepAsync(call, services.Time, dispatchToken).ConfigureAwait(false))
            {
                // Unless this silo slept through the timeout while the consumer answered.
                failure = new AttemptFailure($"no answer within the attempt timeout of {timeout}", Refused: false);
            }
        }
        catch (Exception exception)
        {
            failure = new AttemptFailure($"{exception.GetType().Name}: {exception.Message}", TransientFailure.IsRefused(exception));
        }

        services.Metrics.AttemptEnded(group, services.Time.GetElapsedTime(started), failure is null);
        span?.SetTag(DispatchTelemetry.OutcomeTag, failure is null ? "delivered" : "crashed");
        if (failure is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure.Reason);
        }

        return failure;
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
