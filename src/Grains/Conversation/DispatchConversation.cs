using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Grains;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The dispatch loop of one message: ask the group for a consumer, deliver, and on a crash
/// exclude that consumer and ask again, until delivery, no consumer, <c>MaxAttempts</c> or
/// <c>DispatchTimeout</c>. Attempts produce values; only the end of the loop throws. How the
/// dispatch ended is reported to the group, which owns the message id while it runs and
/// remembers the outcome for repeats.
/// </summary>
/// <remarks>
/// The dispatch grain runs it up to the first crash (<c>handOffOnCrash</c>); the message's
/// conversation grain then resumes it from a <see cref="ConversationHandOff"/>.
/// </remarks>
internal sealed class DispatchConversation
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

    private readonly string group;
    private readonly RoutingMessage message;
    private readonly RoutingMessage routingMessage;
    private readonly IConsumerGroupRouterGrain router;
    private readonly DispatchOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string silo;
    private readonly TimeSpan budget;
    private readonly DispatchMetrics metrics;
    /// <summary>Where the group's dead-letter store is reached; null keeps no dead letters.</summary>
    private readonly IGrainFactory? deadLetters;
    private readonly ActivityContext parentSpan;
    private readonly List<RerouteTiming> crashes = [];
    private readonly List<ConsumerId> excluded = [];
    private readonly Guid fingerprint;
    private PendingCrash? pending;
    private string? function;
    private long lease;
    private int attemptsMade;
    private bool owner;
    /// <summary>Whether this dispatch found another dispatch of its message id in progress and waited for it.</summary>
    private bool joined;
    private string? groupFailure;
    private long deadlineAt;

    public DispatchConversation(
        string group,
        RoutingMessage message,
        IConsumerGroupRouterGrain router,
        DispatchOptions options,
        TimeProvider time,
        DispatchMetrics metrics,
        ILogger logger,
        string silo,
        ConversationHandOff? resume = null,
        IGrainFactory? deadLetters = null)
    {
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        parentSpan = Activity.Current?.Context ?? default;
        this.group = group;
        this.message = message;
        this.router = router;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.silo = silo;
        routingMessage = message.WithoutPayload();
        budget = options.DispatchTimeout;
        fingerprint = resume?.Fingerprint ?? message.ContentFingerprint();
        if (resume is not null)
        {
            function = resume.RoutingFunction;
            excluded.AddRange(resume.Excluded);
            crashes.AddRange(resume.Crashes);
            pending = resume.Pending;
            lease = resume.Lease;
            attemptsMade = resume.AttemptsMade;
            budget = resume.Remaining;
            owner = true;
            if (resume.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var context))
            {
                parentSpan = context;
            }
        }
    }

    /// <summary>Set when <see cref="RunAsync"/> stopped at a crash to hand the dispatch over.</summary>
    public ConversationHandOff? HandOff { get; private set; }

    /// <summary>Runs the dispatch. With <paramref name="handOffOnCrash"/>, stops at the first crash, returning null with <see cref="HandOff"/> set.</summary>
    public async Task<DispatchOutcome?> RunAsync(CancellationToken callerToken, bool handOffOnCrash = false)
    {
        deadlineAt = time.GetTimestamp() + (long)(budget.TotalSeconds * time.TimestampFrequency);
        using var deadline = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.FromTicks(1), time);
        using var linked = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken, deadline.Token) : null;
        DispatchException replayedFailure;
        try
        {
            var end = await LoopAsync(handOffOnCrash, linked?.Token ?? deadline.Token);
            if (end.HandOff is not null)
            {
                HandOff = end.HandOff;
                return null;
            }

            if (end.Replay is null)
            {
                Complete(new OutcomeRecord(message.Id, fingerprint, end.Outcome, null));
                return end.Outcome;
            }

            logger.Replayed(message.Id, group);
            if (end.Replay.Outcome is { } recorded)
            {
                return recorded;
            }

            replayedFailure = end.Replay.Failure!;
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            EndInBackground();
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            if (!owner && joined)
            {
                // A repeat that ran out of time waiting for the dispatch that owns its message id:
                // that dispatch may still deliver, so this is no verdict on the message.
                EndInBackground();
                throw Fail(new DispatchConversationException(message.Id, group, $"a dispatch of this message id was still in progress when the dispatch timeout of {options.DispatchTimeout} ran out; delivery is unknown: send it again with the same id to get its outcome", Chain(), null));
            }

            if (groupFailure is { } unreachable)
            {
                // Not recorded: a repeat, once the group is back, dispatches again.
                EndInBackground();
                throw Fail(new DispatchConversationException(message.Id, group, $"the group could not be reached within the dispatch timeout of {options.DispatchTimeout}: {unreachable}", Chain(), null));
            }

            var exhausted = new DispatchExhaustedException(message.Id, group, DispatchLimit.DispatchTimeout, $"no delivery within the dispatch timeout of {options.DispatchTimeout}", Chain());
            KeepDeadLetter(exhausted);
            Complete(new OutcomeRecord(message.Id, fingerprint, null, exhausted));
            throw Fail(exhausted);
        }
        catch (DispatchException exception)
        {
            KeepDeadLetter(exception);
            Complete(new OutcomeRecord(message.Id, fingerprint, null, exception));
            throw Fail(exception);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            EndInBackground();
            throw Fail(new DispatchConversationException(message.Id, group, $"the group answered badly: {exception.GetType().Name}: {exception.Message}", Chain(), exception));
        }

        // A repeat of a message id that failed within the idempotency window fails the same way.
        throw replayedFailure;
    }

    private async Task<LoopEnd> LoopAsync(bool handOffOnCrash, CancellationToken token)
    {
        while (true)
        {
            var request = new RouteRequest(routingMessage, function, [.. excluded], lease, owner ? Guid.Empty : fingerprint);
            var route = await RouteAsync(request, token);
            lease = 0;
            switch (route.Status)
            {
                case RouteStatus.Selected:
                    owner = true;
                    break;
                case RouteStatus.Recorded:
                    return new LoopEnd(null, route.Record, null);
                case RouteStatus.InProgress:
                    joined = true;
                    if (await AwaitOwnerAsync(token) is { } record)
                    {
                        return new LoopEnd(null, record, null);
                    }

                    continue; // Not ended yet, or its owner is gone: ask again (and take the message id over if it is free).
                case RouteStatus.Conflict:
                    throw IdempotencyConflict.Create(message, group);
                default:
                    owner = true;
                    throw ToException(route);
            }

            function = route.RoutingFunction;
            lease = route.Lease;
            CompletePendingCrash();
            attemptsMade++;

            var failure = await AttemptAsync(route.Consumer!, route.Target!, token);
            if (failure is null)
            {
                return new LoopEnd(new DispatchOutcome(message.Id, route.Consumer!, function, [.. crashes]), null, null);
            }

            pending = new PendingCrash(route.Consumer!, failure, time.GetUtcNow(), time.GetTimestamp(), silo);
            excluded.Add(route.Consumer!);
            if (attemptsMade >= options.MaxAttempts)
            {
                throw new DispatchExhaustedException(message.Id, group, DispatchLimit.MaxAttempts, $"all {attemptsMade} attempt(s) allowed by MaxAttempts crashed", Chain());
            }

            logger.Rerouting(message.Id, group, route.Consumer!, attemptsMade, failure);
            metrics.Rerouted(group);
            if (handOffOnCrash)
            {
                var remaining = time.GetElapsedTime(time.GetTimestamp(), deadlineAt);
                var traceParent = parentSpan == default ? null : $"00-{parentSpan.TraceId}-{parentSpan.SpanId}-{(parentSpan.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";
                return new LoopEnd(null, null, new ConversationHandOff(function, [.. excluded], [.. crashes], pending, lease, attemptsMade, remaining, fingerprint, traceParent));
            }
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
                delay = await BackOffAsync(exception, delay, token);
            }
        }
    }

    /// <summary>Waits for the dispatch that owns the message id: its record, or null when its owner is gone.</summary>
    private async Task<OutcomeRecord?> AwaitOwnerAsync(CancellationToken token)
    {
        try
        {
            var record = await router.AwaitOutcome(message.Id).WaitAsync(options.GroupCallTimeout, time, token);
            groupFailure = null;
            return record;
        }
        catch (Exception exception) when (!token.IsCancellationRequested && exception is not ArgumentException)
        {
            await BackOffAsync(exception, FirstRetryDelay, token);
            return null;
        }
    }

    private async Task<TimeSpan> BackOffAsync(Exception exception, TimeSpan delay, CancellationToken token)
    {
        groupFailure = exception is TimeoutException
            ? $"no answer within the group call timeout of {options.GroupCallTimeout}"
            : $"{exception.GetType().Name}: {exception.Message}";
        var wait = delay * (0.5 + (Random.Shared.NextDouble() / 2));
        logger.GroupCallFailed(message.Id, group, wait, groupFailure);
        await Task.Delay(wait, time, token);
        return TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
    }

    /// <summary>Delivers the message once. Returns null on acknowledgement, or the crash as text.</summary>
    private async Task<string?> AttemptAsync(ConsumerId consumer, IConsumerGrain target, CancellationToken dispatchToken)
    {
        using var span = DispatchTelemetry.Source.StartActivity("dispatch.attempt", ActivityKind.Internal, parentSpan);
        span?.SetTag(DispatchTelemetry.GroupTag, group);
        span?.SetTag(DispatchTelemetry.MessageIdTag, message.Id);
        span?.SetTag(DispatchTelemetry.ConsumerTag, consumer.Value);
        var started = time.GetTimestamp();
        var failure = await DeliverAsync(target, dispatchToken);
        metrics.AttemptEnded(group, time.GetElapsedTime(started), failure is null);
        span?.SetTag(DispatchTelemetry.OutcomeTag, failure is null ? "delivered" : "crashed");
        if (failure is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure);
        }

        return failure;
    }

    private async Task<string?> DeliverAsync(IConsumerGrain target, CancellationToken dispatchToken)
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

    /// <summary>Keeps a message that could not be delivered in the group's dead-letter store (one-way). Only the dispatch that owns the message id does.</summary>
    private void KeepDeadLetter(DispatchException failure)
    {
        if (owner && deadLetters is not null && failure is NoConsumerAvailableException or DispatchExhaustedException)
        {
            Background.Observe(deadLetters.GetGrain<DeadLetters.IDeadLetterStoreGrain>(group).Add(new DeadLetter(0, message, failure.GetType().Name, failure.Message, failure.ReroutedFrom, time.GetUtcNow())));
        }
    }

    /// <summary>Releases the lease and reports how the dispatch ended (a one-way call: nothing to wait for).</summary>
    private void Complete(OutcomeRecord record)
    {
        if (owner)
        {
            Background.Observe(router.Complete(message.Id, lease, record));
        }

        lease = 0;
        owner = false;
    }

    /// <summary>Releases the lease and the message id without a record (a cancelled or unreachable dispatch), without waiting.</summary>
    private void EndInBackground()
    {
        if (owner)
        {
            Background.Observe(router.Complete(message.Id, lease, null));
        }
        else if (lease != 0)
        {
            Background.Observe(router.Release(lease));
        }

        lease = 0;
        owner = false;
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
            var span = crash.ObservedOnSilo == silo ? time.GetElapsedTime(crash.ObservedTimestamp) : time.GetUtcNow() - crash.ObservedAt;
            crashes.Add(new RerouteTiming(crash.Consumer, crash.Failure, crash.ObservedAt, time.GetUtcNow(), span));
            pending = null;
        }
    }

    private readonly record struct LoopEnd(DispatchOutcome? Outcome, OutcomeRecord? Replay, ConversationHandOff? HandOff);
}
