using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Grains;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The dispatch loop of one message: ask the group for a consumer, deliver, and on a crash
/// exclude that consumer and ask again, until delivery, no consumer, <c>MaxAttempts</c> or
/// <c>DispatchTimeout</c>. Attempts produce values; only the end of the loop throws. How the
/// dispatch ended is reported to the group, which remembers it for repeats of the message id.
/// </summary>
internal sealed class DispatchConversation(
    string group,
    RoutingMessage message,
    IConsumerGroupRouterGrain router,
    DispatchOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

    private readonly List<RerouteTiming> crashes = [];
    private readonly List<ConsumerId> excluded = [];
    private readonly Guid fingerprint = message.ContentFingerprint();
    private PendingCrash? pending;
    private long lease;
    private string? groupFailure;

    public async Task<DispatchOutcome> RunAsync(CancellationToken callerToken)
    {
        var deadlineAt = time.GetTimestamp() + (long)(options.DispatchTimeout.TotalSeconds * time.TimestampFrequency);
        using var deadline = new CancellationTokenSource(options.DispatchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, deadline.Token);
        DispatchException failure;
        try
        {
            var (outcome, replay) = await LoopAsync(linked.Token);
            if (replay is null)
            {
                await CompleteAsync(new OutcomeRecord(message.Id, fingerprint, outcome, null), deadlineAt);
                return outcome!;
            }

            logger.Replayed(message.Id, group);
            if (replay.Outcome is { } recorded)
            {
                return recorded;
            }

            failure = replay.Failure!;
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            ReleaseInBackground();
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            if (groupFailure is { } unreachable)
            {
                // Not recorded: a repeat, once the group is back, dispatches again.
                ReleaseInBackground();
                throw Fail(new DispatchConversationException(message.Id, group, $"the group could not be reached within the dispatch timeout of {options.DispatchTimeout}: {unreachable}", Chain(), null));
            }

            // Out of time: nothing more may be awaited, so the record goes in the background.
            var exhausted = new DispatchExhaustedException(message.Id, group, DispatchLimit.DispatchTimeout, $"no delivery within the dispatch timeout of {options.DispatchTimeout}", Chain());
            await CompleteAsync(new OutcomeRecord(message.Id, fingerprint, null, exhausted), deadlineAt: 0);
            throw Fail(exhausted);
        }
        catch (DispatchException exception)
        {
            await CompleteAsync(new OutcomeRecord(message.Id, fingerprint, null, exception), deadlineAt);
            throw Fail(exception);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            ReleaseInBackground();
            throw Fail(new DispatchConversationException(message.Id, group, $"the group answered badly: {exception.GetType().Name}: {exception.Message}", Chain(), exception));
        }

        // A repeat of a message id that failed within the idempotency window fails the same way.
        throw failure;
    }

    /// <summary>Runs the attempts; returns the outcome, or the group's record when the message id already ended.</summary>
    private async Task<(DispatchOutcome? Outcome, OutcomeRecord? Replay)> LoopAsync(CancellationToken token)
    {
        string? function = null;
        for (var attempt = 1; ; attempt++)
        {
            var request = new RouteRequest(message.WithoutPayload(), function, [.. excluded], lease, function is null ? fingerprint : Guid.Empty);
            var route = await RouteAsync(request, token);
            lease = 0;
            switch (route.Status)
            {
                case RouteStatus.Selected:
                    break;
                case RouteStatus.Recorded:
                    return (null, route.Record);
                case RouteStatus.Conflict:
                    throw IdempotencyConflict.Create(message, group, inProgress: false);
                default:
                    throw ToException(route);
            }

            function = route.RoutingFunction;
            lease = route.Lease;
            CompletePendingCrash();

            var failure = await AttemptAsync(route.Target!, token);
            if (failure is null)
            {
                return (new DispatchOutcome(message.Id, route.Consumer!, function, [.. crashes]), null);
            }

            pending = new PendingCrash(route.Consumer!, failure, time.GetUtcNow(), time.GetTimestamp());
            excluded.Add(route.Consumer!);
            if (attempt >= options.MaxAttempts)
            {
                throw new DispatchExhaustedException(message.Id, group, DispatchLimit.MaxAttempts, $"all {attempt} attempt(s) allowed by MaxAttempts crashed", Chain());
            }

            logger.Rerouting(message.Id, group, route.Consumer!, attempt, failure);
        }
    }

    /// <summary>
    /// Asks the group for a decision. A call that fails or does not answer within
    /// <see cref="DispatchOptions.GroupCallTimeout"/> (the group's silo died, the group is moving)
    /// is retried with backoff until the dispatch is out of time.
    /// </summary>
    private async Task<RouteResult> RouteAsync(RouteRequest request, CancellationToken token)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                var result = await router.Route(request).WaitAsync(options.GroupCallTimeout, time, token);
                groupFailure = null;
                return result;
            }
            catch (Exception exception) when (!token.IsCancellationRequested && exception is not ArgumentException)
            {
                groupFailure = exception is TimeoutException
                    ? $"no answer within the group call timeout of {options.GroupCallTimeout}"
                    : $"{exception.GetType().Name}: {exception.Message}";
                var wait = delay * (0.5 + (Random.Shared.NextDouble() / 2));
                logger.GroupCallFailed(message.Id, group, wait, groupFailure);
                await Task.Delay(wait, time, token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
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

    /// <summary>
    /// Releases the lease and records how the dispatch ended. Awaited (so a repeat finds the
    /// record) for at most <see cref="DispatchOptions.GroupCallTimeout"/> and never past the
    /// deadline plus half the response-timeout margin; a report that fails is left to lease expiry.
    /// </summary>
    private async Task CompleteAsync(OutcomeRecord record, long deadlineAt)
    {
        var call = router.Complete(lease, record);
        lease = 0;
        var budget = time.GetElapsedTime(time.GetTimestamp(), deadlineAt) + (DispatchDefaults.ResponseTimeoutMargin / 2);
        if (budget > options.GroupCallTimeout)
        {
            budget = options.GroupCallTimeout;
        }

        try
        {
            if (budget > TimeSpan.Zero)
            {
                await call.WaitAsync(budget, time);
                return;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
        }

        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void ReleaseInBackground()
    {
        if (lease == 0)
        {
            return;
        }

        _ = router.Release(lease).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        lease = 0;
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
