using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>The retry loop of <see cref="IDispatchClient"/>, over any way of sending the call.</summary>
internal static partial class RetryingDispatch
{
    /// <summary>
    /// Checks <paramref name="message"/> against the client's limits, then sends it with
    /// <paramref name="send"/>, and again, with the same message, after each failure whose delivery
    /// is unknown (a transport failure, or <see cref="DispatchConversationException"/>), until the
    /// deadline; and at once, without waiting for the call's timeout, when the client loses a
    /// gateway while the call is out (<paramref name="gatewayLost"/>: the call may have gone through
    /// it). The abandoned call is left to finish on its own: the group joins a repeat of the same
    /// message id to the dispatch already running, so nothing is delivered twice for it.
    /// </summary>
    public static async Task<DispatchOutcome> RunAsync(
        Func<CancellationToken, Task<DispatchOutcome>> send,
        string group,
        RoutingMessage message,
        DispatchClientOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken,
        Func<double>? random = null,
        Func<Task>? gatewayLost = null)
    {
        options.Validate();
        if (options.MessageLimits.FindViolation(message) is { } violation)
        {
            throw new ArgumentException($"The message is over the client's limits (DispatchClientOptions.MessageLimits): {violation}.", nameof(message));
        }

        var started = time.GetTimestamp();
        var backoff = new Backoff(options.FirstRetryDelay, options.LongestRetryDelay, random);
        Exception? last = null;
        for (var attempt = 1; ; attempt++)
        {
            var remaining = options.Deadline - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new DispatchConversationException(
                    message.Id, group, $"no call answered within the client deadline of {options.Deadline} ({attempt - 1} attempt(s)); last failure: {Describe(last)}", null, last);
            }

            var lost = gatewayLost?.Invoke();
            var call = send(cancellationToken);
            try
            {
                var answer = call.WaitAsync(remaining < options.CallTimeout ? remaining : options.CallTimeout, time, cancellationToken);
                if (lost is not null && !answer.IsCompleted && await Task.WhenAny(answer, lost) == lost && !answer.IsCompleted)
                {
                    Background.Observe(answer);
                    LogResent(logger, message.Id, group, attempt);
                    continue;
                }

                return await answer;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Background.Observe(call);
                throw;
            }
            catch (Exception exception) when (TransientFailure.IsTransient(exception) || exception is DispatchConversationException
                || (exception is GroupOverloadedException && options.RetryWhenOverloaded))
            {
                // DispatchConversationException: the machinery could not finish (the group was
                // unreachable, or the dispatch owning this message id was still running): delivery
                // is unknown, and the same message id resolves it. GroupOverloadedException: flow
                // control; the message was not dispatched. The abandoned call is left to finish on
                // its own: cancelling it would cancel the dispatch it may have joined.
                Background.Observe(call);
                last = exception;
            }

            remaining = options.Deadline - time.GetElapsedTime(started);
            var wait = backoff.Next();
            wait = wait < remaining ? wait : remaining;
            LogRetry(logger, message.Id, group, attempt, wait, Describe(last));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private static string Describe(Exception? exception) => exception switch
    {
        null => "none",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    [LoggerMessage(2, LogLevel.Information, "Dispatch of message {MessageId} to group {Group}: the client lost a gateway while attempt {Attempt} was out; sending it again at once through the others")]
    private static partial void LogResent(ILogger logger, string messageId, string group, int attempt);

    [LoggerMessage(1, LogLevel.Information, "Dispatch of message {MessageId} to group {Group}: attempt {Attempt} failed in transport, retrying in {Delay}: {Failure}")]
    private static partial void LogRetry(ILogger logger, string messageId, string group, int attempt, TimeSpan delay, string failure);
}
