using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Grains;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The dispatch loop of one message: ask the group for a consumer, deliver, and on a crash
/// exclude that consumer and ask again, until delivery, no consumer, <c>MaxAttempts</c> or
/// <c>DispatchTimeout</c>. Attempts produce values; only the end of the loop throws.
/// </summary>
internal sealed class DispatchConversation(
    string group,
    RoutingMessage message,
    IConsumerGroupRouterGrain router,
    DispatchOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly List<RerouteTiming> crashes = [];
    private readonly List<ConsumerId> excluded = [];
    private PendingCrash? pending;

    public async Task<DispatchOutcome> RunAsync(CancellationToken callerToken)
    {
        using var deadline = new CancellationTokenSource(options.DispatchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, deadline.Token);
        var token = linked.Token;
        var routingMessage = message.WithoutPayload();
        string? function = null;
        long lease = 0;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var route = await router.Route(new RouteRequest(routingMessage, function, [.. excluded], lease)).WaitAsync(token);
                lease = 0;
                if (route.Status != RouteStatus.Selected)
                {
                    throw Fail(ToException(route));
                }

                function = route.RoutingFunction;
                lease = route.Lease;
                CompletePendingCrash();

                var failure = await AttemptAsync(route.Target!, token);
                if (failure is null)
                {
                    await ReleaseAfterDeliveryAsync(lease, token);
                    return new DispatchOutcome(message.Id, route.Consumer!, function, [.. crashes]);
                }

                pending = new PendingCrash(route.Consumer!, failure, time.GetUtcNow(), time.GetTimestamp());
                excluded.Add(route.Consumer!);
                if (attempt >= options.MaxAttempts)
                {
                    ReleaseInBackground(lease);
                    lease = 0;
                    throw Fail(new DispatchExhaustedException(message.Id, group, DispatchLimit.MaxAttempts, $"all {attempt} attempt(s) allowed by MaxAttempts crashed", Chain()));
                }

                logger.Rerouting(message.Id, group, route.Consumer!, attempt, failure);
            }
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            ReleaseInBackground(lease);
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            ReleaseInBackground(lease);
            throw Fail(new DispatchExhaustedException(message.Id, group, DispatchLimit.DispatchTimeout, $"no delivery within the dispatch timeout of {options.DispatchTimeout}", Chain()));
        }
        catch (Exception exception) when (exception is not DispatchException)
        {
            ReleaseInBackground(lease);
            throw Fail(new DispatchConversationException(message.Id, group, $"the group could not be reached or answered badly: {exception.GetType().Name}: {exception.Message}", Chain(), exception));
        }
    }

    /// <summary>Delivers the message once. Returns null on acknowledgement, or the crash as text.</summary>
    private async Task<string?> AttemptAsync(IConsumerGrain target, CancellationToken dispatchToken)
    {
        using var attemptTimeout = new CancellationTokenSource(options.AttemptTimeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(dispatchToken, attemptTimeout.Token);
        try
        {
            // WaitAsync bounds the wait even when the consumer ignores its token or its silo is gone.
            await target.Consume(message, attempt.Token).WaitAsync(attempt.Token);
            return null;
        }
        catch (OperationCanceledException) when (dispatchToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested)
        {
            return $"no answer within the attempt timeout of {options.AttemptTimeout}";
        }
        catch (Exception exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    /// <summary>The message is delivered whatever happens here: a failed release is left to lease expiry.</summary>
    private async Task ReleaseAfterDeliveryAsync(long lease, CancellationToken token)
    {
        try
        {
            await router.Release(lease).WaitAsync(token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ReleaseInBackground(lease);
        }
    }

    private void ReleaseInBackground(long lease)
    {
        if (lease == 0)
        {
            return;
        }

        _ = router.Release(lease).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private DispatchException ToException(RouteResult route) => route.Status switch
    {
        RouteStatus.NoConsumer => new NoConsumerAvailableException(message.Id, group, route.Detail!, Chain()),
        RouteStatus.UnknownConsumer => new UnknownConsumerSelectedException(message.Id, group, route.RoutingFunction, route.Consumer!, Chain()),
        _ => new RoutingEvaluationException(message.Id, group, route.RoutingFunction, route.EvaluationFailure, route.Detail!, Chain()),
    };

    /// <summary>The crashes so far, the pending one completed at this instant (the dispatch fails now).</summary>
    private RerouteTiming[] Chain()
    {
        CompletePendingCrash();
        return [.. crashes];
    }

    private DispatchException Fail(DispatchException exception)
    {
        logger.DispatchFailed(message.Id, group, exception.Crashes.Count, exception.Message);
        return exception;
    }

    /// <summary>Records the pending crash's timing: the next attempt is being sent, or the dispatch is ending, now.</summary>
    private void CompletePendingCrash()
    {
        if (pending is { } crash)
        {
            crashes.Add(new RerouteTiming(crash.Consumer, crash.Failure, crash.ObservedAt, time.GetUtcNow(), time.GetElapsedTime(crash.ObservedTimestamp)));
            pending = null;
        }
    }

    private sealed record PendingCrash(ConsumerId Consumer, string Failure, DateTimeOffset ObservedAt, long ObservedTimestamp);
}
