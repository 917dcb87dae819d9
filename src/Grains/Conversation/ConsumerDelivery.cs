using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Workers;

namespace Orleans.Dispatch.Conversation;

/// <summary>One delivery attempt: the consumer's <c>Consume</c> under the attempt timeout, traced and measured.</summary>
internal static class ConsumerDelivery
{
    /// <summary>Delivers <paramref name="message"/> to the consumer <paramref name="granted"/> once: null on acknowledgement, else the crash (its state machine pooled).</summary>
    /// <remarks>
    /// The attempt's timeout is armed on the run's own source (<see cref="RunDeadline"/>) while the
    /// attempt runs; the consumer's call gets that source's token. Orleans ends a call whose token
    /// is cancelled at once (unless the silo waits for the callee's acknowledgement,
    /// <c>WaitForCancellationAcknowledgement</c>, or the target is not a grain call), so only then
    /// is the call's wait bounded by the token on top.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The dispatch was cancelled or ran out of time (<paramref name="run"/>).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<AttemptFailure?> DeliverAsync(
        string group, RoutingMessage message, Granted granted, ActivityContext parentSpan, ConversationServices services, RunDeadline run)
    {
        var consumer = granted.Consumer;
        var target = granted.Target;
        using var span = DispatchTelemetry.Source.StartActivity("dispatch.attempt", ActivityKind.Internal, parentSpan);
        span?.SetTag(DispatchTelemetry.GroupTag, group);
        span?.SetTag(DispatchTelemetry.MessageIdTag, message.Id);
        span?.SetTag(DispatchTelemetry.ConsumerTag, consumer.Value);
        var timeout = granted.AttemptTimeout ?? services.Options.AttemptTimeout;
        var started = services.Time.GetTimestamp();
        AttemptFailure? failure = null;
        Task? call = null;
        run.StartAttempt(timeout);
        try
        {
            WaitingLineDiagnostics.AttemptSent(message.Id);
            var token = run.Token;
            call = target.Consume(message, token);
            await (services.CallsEndOnCancel ? call : call.WaitAsync(token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && (!run.AttemptTimedOut || run.DeadlinePassed))
        {
            throw; // The dispatch's deadline (also when it passed with the attempt's, in one sleep of the silo) or the caller.
        }
        catch (OperationCanceledException) when (run.AttemptTimedOut)
        {
            run.EndAttempt();
            if (call is null || services.Time.GetElapsedTime(started) - timeout <= DispatchConversation.SleepTolerance
                || !await AnsweredAfterSleepAsync(call, services.Time, run.Token).ConfigureAwait(false))
            {
                // Unless this silo slept through the timeout while the consumer answered.
                failure = new AttemptFailure($"no answer within the {(granted.AttemptTimeout is null ? "attempt" : "trial")} timeout of {timeout}", AttemptEnd.TimedOut);
            }
        }
        catch (Exception exception)
        {
            failure = new AttemptFailure(
                $"{exception.GetType().Name}: {exception.Message}",
                TransientFailure.IsRefused(exception) || exception is WorkerGoneException ? AttemptEnd.Refused : AttemptEnd.Crashed);
        }
        finally
        {
            run.EndAttempt();
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
