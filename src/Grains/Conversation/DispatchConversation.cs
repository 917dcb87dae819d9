using System.Diagnostics;
using System.Globalization;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The dispatch loop of one message: ask the group for a consumer, deliver, and on a crash
/// exclude that consumer and ask again, until delivery, no consumer, <c>MaxAttempts</c> or
/// <c>DispatchTimeout</c>. Attempts produce values; only the end of the loop throws. The group
/// owns the message id while the loop runs and keeps how it ended for repeats.
/// </summary>
/// <remarks>
/// The dispatch grain runs it up to the first crash (<c>handOffOnCrash</c>); the message's
/// conversation grain then resumes it from the <see cref="ConversationHandOff"/>.
/// </remarks>
internal sealed class DispatchConversation
{
    /// <summary>
    /// How late the dispatch deadline may fire before the dispatch counts as having slept through
    /// it: its silo was paused (SIGSTOP, a VM freeze) or starved, so time ran out without the
    /// dispatch having had it. A timer fires a few milliseconds late on a busy machine, not seconds.
    /// </summary>
    internal static readonly TimeSpan SleepTolerance = TimeSpan.FromSeconds(1);

    private readonly string group;
    private readonly RoutingMessage message;
    private readonly RoutingMessage routingMessage;
    private readonly ConversationServices services;
    private readonly GroupChannel groupChannel;
    private readonly CrashChain crashes;
    private readonly List<ConsumerId> excluded = [];
    private readonly Guid fingerprint;
    private readonly TimeSpan budget;
    private readonly ActivityContext parentSpan;
    private readonly Guid ownerToken;
    private string? function;
    private int calls;
    private TimeSpan waitedFor;
    private long lease;
    private int attemptsMade;
    private long deadlineAt;

    /// <summary>Whether this dispatch owns the message id at the group.</summary>
    private bool owner;

    /// <summary>Whether this dispatch found another one of its message id in progress and waited for it.</summary>
    private bool joined;

    public DispatchConversation(string group, RoutingMessage message, IConsumerGroupRouterGrain router, ConversationServices services, ConversationHandOff? resume = null)
    {
        this.group = group;
        this.message = message;
        this.services = services;
        routingMessage = message.WithoutPayload();
        ownerToken = resume?.Owner ?? OwnerToken.Next();
        groupChannel = new GroupChannel(router, group, message.Id, ownerToken, services);
        crashes = new CrashChain(services.Time, services.Silo.ToString(), resume?.Crashes, resume?.Pending);
        budget = resume?.Remaining ?? services.Options.DispatchTimeout;
        fingerprint = resume?.Fingerprint ?? message.ContentFingerprint();
        parentSpan = Activity.Current?.Context ?? default;
        if (resume is not null)
        {
            function = resume.RoutingFunction;
            excluded.AddRange(resume.Excluded);
            lease = resume.Lease;
            attemptsMade = resume.AttemptsMade;
            calls = resume.Calls;
            waitedFor = resume.WaitedFor;
            owner = true;
            if (resume.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var context))
            {
                parentSpan = context;
            }
        }
    }

    /// <summary>Runs the dispatch; with <paramref name="handOffOnCrash"/>, stops at the first crash with a hand-off.</summary>
    /// <exception cref="DispatchException">The dispatch failed (or failed within the idempotency window, for a repeat).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConversationResult> RunAsync(bool handOffOnCrash, CancellationToken cancellationToken = default)
    {
        var time = services.Time;
        deadlineAt = time.TimestampAfter(budget);
        using var deadline = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.FromTicks(1), time);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token) : null;
        try
        {
            return await LoopAsync(handOffOnCrash, linked?.Token ?? deadline.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndWithoutRecord();
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw await OutOfTimeAsync();
        }
        catch (DispatchException exception) when (owner)
        {
            throw await FailAsync(exception);
        }
        catch (Exception exception) when (exception is not (ArgumentException or DispatchException))
        {
            EndWithoutRecord();
            throw Failed(new DispatchConversationException(message.Id, group, $"the group answered badly: {exception.GetType().Name}: {exception.Message}", crashes.Close(), exception));
        }
    }

    private async Task<ConversationResult> LoopAsync(bool handOffOnCrash, CancellationToken token)
    {
        while (true)
        {
            var request = new RouteRequest(routingMessage, function, [.. excluded], lease, fingerprint, ownerToken, ++calls, services.Silo);
            var route = await groupChannel.RouteAsync(request, token);
            lease = 0;
            if (route.Status == RouteStatus.Waiting)
            {
                owner = true;
                (route, var waited) = await groupChannel.WaitForGrantAsync(token);
                waitedFor += waited;
            }

            switch (route.Status)
            {
                case RouteStatus.NotWaiting:
                    continue; // The group lost the line (it re-activated): route again.
                case RouteStatus.Overloaded:
                    owner = false; // The group freed the message id: this is flow control, not the message's failure.
                    throw new GroupOverloadedException(message.Id, group, int.Parse(route.Detail!, CultureInfo.InvariantCulture), services.Options.MaxWaitingPerGroup, crashes.Close());
                case RouteStatus.Selected:
                    owner = true;
                    break;
                case RouteStatus.Recorded:
                    return Replay(route.Record!);
                case RouteStatus.InProgress:
                    // Another dispatch owns the message id (this one may have owned it in an earlier activation of the group).
                    owner = false;
                    joined = true;
                    if (await groupChannel.AwaitOwnerAsync(token) is { } record)
                    {
                        return Replay(record);
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
            crashes.RerouteStarts();
            var consumer = route.Consumer!;
            var failure = await ConsumerDelivery.DeliverAsync(group, message, consumer, route.Target!, parentSpan, services, token);
            if (failure is null)
            {
                var outcome = new DispatchOutcome(message.Id, consumer, function, crashes.Timed) { WaitedFor = waitedFor, KeySequence = route.KeySequence };
                Complete(new OutcomeRecord(message.Id, fingerprint, outcome, null));
                return ConversationResult.Delivered(outcome);
            }

            crashes.Crashed(consumer, failure.Reason);
            excluded.Add(consumer);
            if (!failure.Refused && ++attemptsMade >= services.Options.MaxAttempts)
            {
                throw new DispatchExhaustedException(message.Id, group, DispatchLimit.MaxAttempts, $"all {attemptsMade} attempt(s) allowed by MaxAttempts crashed", crashes.Close());
            }

            services.Logger.Rerouting(message.Id, group, consumer, excluded.Count, failure.Reason);
            services.Metrics.Rerouted(group);
            if (handOffOnCrash)
            {
                return ConversationResult.HandedOff(HandOff());
            }
        }
    }

    private ConversationHandOff HandOff()
    {
        var remaining = services.Time.GetElapsedTime(services.Time.GetTimestamp(), deadlineAt);
        var traceParent = parentSpan == default ? null : $"00-{parentSpan.TraceId}-{parentSpan.SpanId}-{(parentSpan.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";
        return new ConversationHandOff(function!, [.. excluded], crashes.Timed, crashes.Pending!, lease, attemptsMade, remaining, fingerprint, traceParent, ownerToken, calls, waitedFor);
    }

    /// <summary>A repeat of a message id that ended within the idempotency window ends the same way.</summary>
    private ConversationResult Replay(OutcomeRecord record)
    {
        services.Logger.Replayed(message.Id, group);
        return record.Outcome is { } outcome ? ConversationResult.Delivered(outcome.AsReplay()) : throw record.Failure!;
    }

    /// <summary>The failure for a dispatch whose <c>DispatchTimeout</c> ran out.</summary>
    private async Task<DispatchException> OutOfTimeAsync()
    {
        var late = services.Time.GetElapsedTime(deadlineAt);
        if (late > SleepTolerance)
        {
            // The deadline passed while this silo did not run: the time was not the dispatch's to
            // use, and its claim may have ended meanwhile. Neither recorded nor dead-lettered.
            EndWithoutRecord();
            return Unknown($"this silo did not run for {late.TotalSeconds:0.0} s after the dispatch timeout of {services.Options.DispatchTimeout} passed (it was paused or starved), so the dispatch ran out of time without having had it; send it again with the same id");
        }

        if (!owner && joined)
        {
            // A repeat out of time while the dispatch owning its message id runs: that one may still deliver.
            EndWithoutRecord();
            return Failed(new DispatchConversationException(message.Id, group, $"a dispatch of this message id was still in progress when the dispatch timeout of {services.Options.DispatchTimeout} ran out; delivery is unknown: send it again with the same id to get its outcome", crashes.Close(), null));
        }

        if (groupChannel.Unreachable is { } unreachable)
        {
            // Not recorded: a repeat, once the group is back, dispatches again.
            EndWithoutRecord();
            return Failed(new DispatchConversationException(message.Id, group, $"the group could not be reached within the dispatch timeout of {services.Options.DispatchTimeout}: {unreachable}", crashes.Close(), null));
        }

        return await FailAsync(new DispatchExhaustedException(message.Id, group, DispatchLimit.DispatchTimeout, $"no delivery within the dispatch timeout of {services.Options.DispatchTimeout}", crashes.Close()));
    }

    /// <summary>
    /// Ends a dispatch that failed for good, if it still holds its message id at the group: the
    /// failure is recorded for repeats and the message kept as a dead letter. A dispatch that no
    /// longer holds it (its claim ended while its silo was paused, or the group re-activated and
    /// another dispatch took the id) ends with delivery unknown instead: another dispatch may have
    /// delivered the message, and must not find it failed or dead-lettered.
    /// </summary>
    private async Task<DispatchException> FailAsync(DispatchException failure)
    {
        var held = calls > 0 ? await groupChannel.RecordFailureAsync(lease, new OutcomeRecord(message.Id, fingerprint, null, failure)) : false;
        lease = 0;
        owner = false;
        if (held != true)
        {
            return Unknown(held is null
                ? $"it failed ({failure.Message}), but the group did not confirm that it still held the message id ({groupChannel.Unreachable}); send it again with the same id"
                : $"it failed ({failure.Message}) after it had lost the message id to another dispatch or the group's restart; send it again with the same id to get that one's outcome");
        }

        if (services.Grains is { } grains && failure is NoConsumerAvailableException or DispatchExhaustedException)
        {
            var letter = new DeadLetter(0, message, failure.GetType().Name, failure.Message, failure.ReroutedFrom, services.Time.GetUtcNow());
            DeadLetterKeeper.Keep(grains, group, letter, services.Metrics, services.Logger);
        }

        return Failed(failure);
    }

    /// <summary>A dispatch that ends without knowing whether the message was delivered: the retrying client sends it again.</summary>
    private DispatchConversationException Unknown(string reason)
    {
        services.Logger.DeliveryUnknown(message.Id, group, reason);
        return (DispatchConversationException)Failed(new DispatchConversationException(message.Id, group, $"delivery unknown: {reason}", crashes.Close(), null));
    }

    /// <summary>Releases the lease and reports how the dispatch ended (one-way: nothing to wait for).</summary>
    private void Complete(OutcomeRecord record)
    {
        if (owner)
        {
            groupChannel.Complete(lease, record);
        }

        lease = 0;
        owner = false;
    }

    /// <summary>
    /// Releases the lease and the message id without a record (cancelled, unreachable, delivery
    /// unknown). Sent whenever a routing call went out, even unanswered: the group may have taken a
    /// claim and a lease for this dispatch that it never heard of, and ignores it otherwise.
    /// </summary>
    private void EndWithoutRecord()
    {
        if (calls > 0)
        {
            groupChannel.Complete(lease, null);
        }

        lease = 0;
        owner = false;
    }

    private DispatchException ToException(RouteResult route) => route.Status switch
    {
        RouteStatus.NoConsumer => new NoConsumerAvailableException(message.Id, group, route.Detail!, crashes.Close()),
        RouteStatus.UnknownConsumer => new UnknownConsumerSelectedException(message.Id, group, route.RoutingFunction, route.Consumer!, crashes.Close()),
        _ => new RoutingEvaluationException(message.Id, group, route.RoutingFunction, route.EvaluationFailure, route.Detail!, crashes.Close()),
    };

    private DispatchException Failed(DispatchException exception)
    {
        services.Logger.DispatchFailed(message.Id, group, exception.Crashes.Count, exception.Message);
        return exception;
    }
}
