using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The dispatch loop of one message: ask the group for a consumer, deliver, and on a crash
/// exclude that consumer and ask again, until delivery, no consumer, <c>MaxAttempts</c> or
/// <c>DispatchTimeout</c>. Attempts produce values; only the end of the loop throws. The group
/// owns the message id while the loop runs and keeps how it ended for repeats.
/// </summary>
/// <remarks>
/// A dispatch starts as <see cref="New"/> in the silo's dispatch grain, which runs it up to its
/// first crash (<see cref="RunToFirstCrashAsync"/>); the message's conversation grain then goes on
/// from the <see cref="ConversationHandOff"/> (<see cref="Resume"/>, <see cref="RunToEndAsync"/>).
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
    private readonly RetryingGroupCalls groupCalls;
    private readonly ConversationState state;
    private readonly ActivityContext parentSpan;
    private bool stopAtFirstCrash;

    private DispatchConversation(string group, RoutingMessage message, IGroupCalls calls, ConversationServices services, ConversationState state, ActivityContext parentSpan)
    {
        this.group = group;
        this.message = message;
        this.services = services;
        this.state = state;
        this.parentSpan = parentSpan;
        routingMessage = message.WithoutPayload();
        groupCalls = new RetryingGroupCalls(calls, group, message.Id, state.Owner, services);
    }

    /// <summary>A new dispatch of <paramref name="message"/>, with a fresh owner token and the whole dispatch timeout.</summary>
    public static DispatchConversation New(string group, RoutingMessage message, IGroupCalls calls, ConversationServices services) =>
        new(group, message, calls, services, ConversationState.New(message, services), Activity.Current?.Context ?? default);

    /// <summary>A dispatch resumed from where <paramref name="handOff"/> says it stands, as the dispatch grain handed it over.</summary>
    public static DispatchConversation Resume(string group, RoutingMessage message, ConversationHandOff handOff, IGroupCalls calls, ConversationServices services) =>
        new(group, message, calls, services, ConversationState.Resumed(handOff, services), TraceParent.Parse(handOff.TraceParent));

    /// <summary>Runs the dispatch up to its end, or up to its first crash, where it stops with a hand-off.</summary>
    /// <exception cref="DispatchException">The dispatch failed (or failed within the idempotency window, for a repeat).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<ConversationResult> RunToFirstCrashAsync(CancellationToken cancellationToken)
    {
        stopAtFirstCrash = true;
        return RunAsync(cancellationToken);
    }

    /// <summary>Runs the dispatch to its end: a delivery, or a <see cref="DispatchException"/>.</summary>
    /// <exception cref="DispatchException">The dispatch failed (or failed within the idempotency window, for a repeat).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DispatchOutcome> RunToEndAsync(CancellationToken cancellationToken)
    {
        stopAtFirstCrash = false;
        return await RunAsync(cancellationToken).ConfigureAwait(false) switch
        {
            { Outcome: { } outcome } => outcome,
            _ => throw new UnreachableException("A dispatch run to its end returns an outcome or throws."),
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConversationResult> RunAsync(CancellationToken cancellationToken)
    {
        // One source per run: the dispatch timeout, an attempt's timeout, and the caller's cancellation.
        using var deadline = new RunDeadline(state.Remaining, services.Time, cancellationToken);
        try
        {
            while (true)
            {
                var answer = await groupCalls.RouteAsync(state.NextRequest(routingMessage), deadline.Token).ConfigureAwait(false);
                state.Lease = 0;
                if (answer is Wait)
                {
                    state.OwnsMessageId = true;
                    (answer, var waited) = await groupCalls.WaitForGrantAsync(deadline.Token).ConfigureAwait(false);
                    state.WaitedFor += waited;
                }

                Granted granted;
                switch (answer)
                {
                    case Granted grant:
                        state.OwnsMessageId = true;
                        granted = grant;
                        break;
                    case RouteAgain:
                        continue; // The group lost the line (it re-activated): route again.
                    case Overloaded overloaded:
                        state.OwnsMessageId = false; // The group freed the message id: this is flow control, not the message's failure.
                        throw new GroupOverloadedException(message.Id, group, overloaded.Waiting, overloaded.Limit, state.Crashes.Close());
                    case Recorded recorded:
                        return Replay(recorded.Record);
                    case InProgress inProgress:
                        // Another dispatch owns the message id (this one may have owned it in an earlier activation of the group).
                        state.OwnsMessageId = false;
                        state.JoinedEpoch = inProgress.Epoch;
                        if (await groupCalls.AwaitOwnerAsync(deadline.Token).ConfigureAwait(false) is { } record)
                        {
                            return Replay(record);
                        }

                        continue; // Not ended yet, or its owner is gone: ask again (and take the message id over if it is free).
                    case Conflict:
                        throw IdempotencyConflict.Create(message, group);
                    default:
                        state.OwnsMessageId = true;
                        throw ToException(answer);
                }

                state.Granted(granted);
                var failure = await ConsumerDelivery.DeliverAsync(group, message, granted, parentSpan, services, deadline).ConfigureAwait(false);
                if (failure is null)
                {
                    var outcome = new DispatchOutcome(message.Id, granted.Consumer, granted.Function, state.Crashes.Timed) { WaitedFor = state.WaitedFor, KeySequence = granted.KeySequence };
                    Complete(new OutcomeRecord(message.Id, state.Fingerprint, outcome, null));
                    return ConversationResult.Delivered(outcome);
                }

                state.Crashed(granted.Consumer, failure);
                if (state.AttemptsExhausted)
                {
                    throw new DispatchExhaustedException(message.Id, group, DispatchLimit.MaxAttempts, $"all {state.AttemptsMade} attempt(s) allowed by MaxAttempts crashed", state.Crashes.Close());
                }

                services.Logger.Rerouting(message.Id, group, granted.Consumer, state.Excluded.Count, failure.Reason);
                services.Metrics.Rerouted(group);
                if (stopAtFirstCrash)
                {
                    return ConversationResult.HandedOff(state.HandOff(services.Time.GetElapsedTime(services.Time.GetTimestamp(), deadline.DeadlineAt), TraceParent.Format(parentSpan)));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndWithoutRecord();
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw await OutOfTimeAsync(deadline.DeadlineAt).ConfigureAwait(false);
        }
        catch (DispatchException exception) when (state.OwnsMessageId)
        {
            throw await FailAsync(exception).ConfigureAwait(false);
        }
        catch (Exception exception) when (ConversationFailure.IsUnexpected(exception))
        {
            EndWithoutRecord();
            throw Failed(ConversationFailure.Wrap(exception, message.Id, group, "the group answered badly", state.Crashes.Close()));
        }
    }

    /// <summary>A repeat of a message id that ended within the idempotency window ends the same way.</summary>
    private ConversationResult Replay(OutcomeRecord record)
    {
        services.Logger.Replayed(message.Id, group);
        return record switch
        {
            { Outcome: { } outcome } => ConversationResult.Delivered(outcome.AsReplay()),
            { Failure: { } failure } => throw failure.CopyForReplay(),
            _ => throw new UnreachableException("A record holds an outcome or a failure."),
        };
    }

    /// <summary>The failure for a dispatch whose <c>DispatchTimeout</c> ran out.</summary>
    private async Task<DispatchException> OutOfTimeAsync(long deadlineAt)
    {
        var late = services.Time.GetElapsedTime(deadlineAt);
        if (late > SleepTolerance)
        {
            // The deadline passed while this silo did not run: the time was not the dispatch's to
            // use, and its claim may have ended meanwhile. Neither recorded nor dead-lettered.
            EndWithoutRecord();
            return Unknown($"this silo did not run for {late.TotalSeconds:0.0} s after the dispatch timeout of {services.Options.DispatchTimeout} passed (it was paused or starved), so the dispatch ran out of time without having had it; send it again with the same id");
        }

        if (!state.OwnsMessageId && state.Joined)
        {
            // A repeat out of time while the dispatch owning its message id runs: that one may still deliver.
            EndWithoutRecord();
            return Unknown($"a dispatch of this message id was still in progress when the dispatch timeout of {services.Options.DispatchTimeout} ran out; send it again with the same id to get its outcome");
        }

        if (groupCalls.Unreachable is { } unreachable)
        {
            // Not recorded: a repeat, once the group is back, dispatches again.
            EndWithoutRecord();
            return Unknown($"the group could not be reached within the dispatch timeout of {services.Options.DispatchTimeout}: {unreachable}");
        }

        return await FailAsync(new DispatchExhaustedException(message.Id, group, DispatchLimit.DispatchTimeout, $"no delivery within the dispatch timeout of {services.Options.DispatchTimeout}", state.Crashes.Close())).ConfigureAwait(false);
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
        var held = state.Calls > 0 ? await groupCalls.RecordFailureAsync(state.Lease, new OutcomeRecord(message.Id, state.Fingerprint, null, failure), state.LastReport).ConfigureAwait(false) : false;
        state.Ended();
        if (held != true)
        {
            return Unknown(held is null
                ? $"it failed ({failure.Message}), but the group did not confirm that it still held the message id ({groupCalls.Unreachable}); send it again with the same id"
                : $"it failed ({failure.Message}) after it had lost the message id to another dispatch or the group's restart; send it again with the same id to get that one's outcome");
        }

        if (failure is NoConsumerAvailableException or DispatchExhaustedException)
        {
            services.DeadLetters.Keep(group, new DeadLetter(0, message, failure.GetType().Name, failure.Message, failure.ReroutedFrom, services.Time.GetUtcNow()));
        }

        return Failed(failure);
    }

    /// <summary>Releases the lease and reports how the dispatch ended (one-way: nothing to wait for).</summary>
    private void Complete(OutcomeRecord record)
    {
        if (state.OwnsMessageId)
        {
            groupCalls.Complete(state.Lease, record, AttemptReport.Delivered);
        }

        state.Ended();
    }

    /// <summary>
    /// Releases the lease and the message id without a record (cancelled, unreachable, delivery
    /// unknown). Sent whenever a routing call went out, even unanswered: the group may have taken a
    /// claim and a lease for this dispatch that it never heard of, and ignores it otherwise.
    /// </summary>
    private void EndWithoutRecord()
    {
        if (state.Calls > 0)
        {
            groupCalls.Complete(state.Lease, null);
        }

        state.Ended();
    }

    private DispatchException ToException(RouteAnswer answer) => answer switch
    {
        NoConsumer nobody => new NoConsumerAvailableException(message.Id, group, nobody.Reason, state.Crashes.Close(), nobody.OutOfRotation),
        UnknownConsumer unknown => new UnknownConsumerSelectedException(message.Id, group, unknown.Function, unknown.Consumer, state.Crashes.Close()),
        EvaluationFailed failed => new RoutingEvaluationException(message.Id, group, failed.Function, failed.Failure, failed.Detail, state.Crashes.Close()),
        _ => ConversationFailure.Wrap(new InvalidOperationException($"unexpected answer {answer.GetType().Name}"), message.Id, group, "the group answered badly", state.Crashes.Close()),
    };

    /// <summary>A dispatch that ends without knowing whether the message was delivered: the retrying client sends it again.</summary>
    private DispatchConversationException Unknown(string reason)
    {
        services.Logger.DeliveryUnknown(message.Id, group, reason);
        var unknown = new DispatchConversationException(message.Id, group, $"delivery unknown: {reason}", state.Crashes.Close(), null);
        services.Logger.DispatchFailed(message.Id, group, unknown.Crashes.Count, unknown.Message);
        return unknown;
    }

    private DispatchException Failed(DispatchException exception)
    {
        services.Logger.DispatchFailed(message.Id, group, exception.Crashes.Count, exception.Message);
        return exception;
    }
}
