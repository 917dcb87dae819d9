using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// A silo's calls to one group, batched the way a disruptor or a group commit batches: while a
/// batch is in flight to the group, the routing calls and ends of every dispatch of the silo queue
/// up, and go out together, in the order they were made, once it returns and the work the silo
/// queued meanwhile has run; no timer. A routing call made while nothing is in flight goes at once,
/// so one dispatch in flight pays nothing. The group takes a batch's entries one after the other,
/// exactly as the same calls sent alone.
/// </summary>
/// <remarks>
/// <para>
/// When a batch returns with calls queued, the next one goes from the end of the thread pool's
/// queue: the dispatches it just answered, and the others the silo has queued, run first and add
/// their calls. Under load that is what makes batches grow with the load instead of with the
/// group's round trip, which on one silo is a few microseconds.
/// </para>
/// <para>
/// An end that nothing waits for (a <c>Complete</c>) does not go alone while nothing is in flight:
/// it waits for the next routing call of the silo to ride with, for <see cref="EndLinger"/> at most,
/// and then goes one-way with whatever else ended meanwhile. Under load the next routing call comes
/// within microseconds, so a dispatch's end costs the group no message of its own; at rest, the
/// group hears of an end (the lease released, the outcome kept) at most <see cref="EndLinger"/>
/// later. A repeat of the message id from this silo is never affected: its routing call goes in
/// the same batch, after the end.
/// </para>
/// <para>
/// A batch that fails in transport or is not answered within <see cref="DispatchOptions.GroupCallTimeout"/>
/// fails each of its routing calls, which their dispatches send again with the same call number
/// (the group answers a call it already took as it did the first time), and its ends go again,
/// once, with the next batch (the group ignores an end it already took). An end lost with a
/// batch of ends alone is covered, as a lost <c>Complete</c> is, by the lease's expiry. Waits for a
/// grant or an outcome are not batched: they go straight to the group. Nothing here runs on the
/// calling grain's scheduler, so no activation's queue holds a group's answers.
/// </para>
/// <para>
/// One batch at most is in flight, so its state lives in fields and nothing is allocated per batch
/// beyond the call itself: the answer is observed by one cached continuation, the group call
/// timeout by one watchdog timer re-armed at most once per timeout, and the hop to the thread
/// pool's queue is this object as its work item.
/// </para>
/// </remarks>
internal sealed class BatchingGroupCalls : IGroupCalls, IThreadPoolWorkItem
{
    /// <summary>The longest an end waits for a routing call to ride with before it goes on its own.</summary>
    internal static readonly TimeSpan EndLinger = TimeSpan.FromMilliseconds(1);

    private readonly IConsumerGroupRouterGrain router;
    private readonly DispatchOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly List<Queued> queued = [];
    private readonly ITimer linger;
    private readonly ITimer watchdog;
    private readonly Action onAnswered;
    private bool inFlight;
    private bool lingering;
    private bool watching;
    private Queued[]? sending;
    private Task<AnswerBatch>? answering;
    private long sentAt;

    public BatchingGroupCalls(IConsumerGroupRouterGrain router, DispatchOptions options, TimeProvider time)
    {
        this.router = router;
        this.options = options;
        this.time = time;
        linger = time.CreateTimer(static calls => ((BatchingGroupCalls)calls!).SendLingeringEnds(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        watchdog = time.CreateTimer(static calls => ((BatchingGroupCalls)calls!).Watch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        onAnswered = OnAnswered;
    }

    public Task<RouteAnswer> Route(RouteRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<RouteAnswer>();
        var cancels = cancellationToken.UnsafeRegister(
            static (answer, token) => ThreadPool.UnsafeQueueUserWorkItem(static cancelled => cancelled.Answer.TrySetCanceled(cancelled.Token), (Answer: (TaskCompletionSource<RouteAnswer>)answer!, Token: token), preferLocal: false),
            answer);
        Enqueue(new Queued(new RouteCall(request), answer, cancels));
        return answer.Task;
    }

    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner) => router.AwaitGrant(messageId, owner).WaitAsync(options.GroupCallTimeout, time);

    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => router.AwaitOutcome(messageId).WaitAsync(options.GroupCallTimeout, time);

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        Enqueue(new Queued(new EndCall(messageId, owner, lease, record), null));
        return Task.CompletedTask;
    }

    public async Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record)
    {
        var answer = new TaskCompletionSource<RouteAnswer>();
        Enqueue(new Queued(new EndCall(messageId, owner, lease, record), answer));
        return await answer.Task.ConfigureAwait(false) is Ended { Held: true };
    }

    /// <summary>The hop to the end of the thread pool's queue is over: the next batch goes.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        Queued[] batch;
        lock (gate)
        {
            batch = TakeAll();
        }

        Send(batch);
    }

    private void Enqueue(Queued call)
    {
        Queued[] batch;
        lock (gate)
        {
            queued.Add(call);
            if (inFlight)
            {
                return;
            }

            if (call.Answer is null)
            {
                // An end nobody waits for: let it ride with the next routing call, or go after the linger.
                Linger();
                return;
            }

            batch = TakeAll();
            inFlight = true;
            if (!watching)
            {
                watching = true;
                watchdog.Change(options.GroupCallTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        Send(batch);
    }

    /// <summary>Sends <paramref name="batch"/> two-way (in flight, under no lock) and observes its answer.</summary>
    private void Send(Queued[] batch)
    {
        Task<AnswerBatch> answer;
        try
        {
            answer = router.Decide(Calls(batch));
        }
        catch (Exception exception)
        {
            answer = Task.FromException<AnswerBatch>(exception);
        }

        lock (gate)
        {
            sending = batch;
            answering = answer;
            sentAt = time.GetTimestamp();
        }

        answer.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(onAnswered);
    }

    /// <summary>A batch's answer came; the one of a batch given up on is ignored.</summary>
    private void OnAnswered()
    {
        Queued[] batch;
        Task<AnswerBatch> answer;
        lock (gate)
        {
            if (answering is not { IsCompleted: true } current)
            {
                return; // A batch the watchdog gave up on answered late; the one in flight has not.
            }

            answer = current;
            batch = sending!;
            answering = null;
            sending = null;
        }

        if (!answer.IsCompletedSuccessfully)
        {
            Continue(Fail(batch, answer.Exception?.InnerException ?? new TaskCanceledException(answer)));
        }
        else if (answer.Result is { Answers: { } answers } && answers.Length == batch.Length)
        {
            // The dispatches go on from here: all but the last from the thread pool, the last on
            // this thread (already off Orleans' response path), after the next batch is on its way.
            var last = Array.FindLastIndex(batch, static call => call.Answer is not null);
            for (var i = 0; i < last; i++)
            {
                if (batch[i].Answer is { } waiting)
                {
                    batch[i].Cancels.Unregister();
                    ThreadPool.UnsafeQueueUserWorkItem(static answered => answered.Answer.TrySetResult(answered.Result), (Answer: waiting, Result: answers[i]), preferLocal: true);
                }
            }

            Continue(null);
            if (last >= 0)
            {
                batch[last].Cancels.Unregister();
                batch[last].Answer!.TrySetResult(answers[last]);
            }
        }
        else
        {
            Continue(Fail(batch, new InvalidOperationException($"The group answered a batch of {batch.Length} call(s) with {answer.Result?.Answers?.Length ?? 0} answer(s).")));
        }
    }

    /// <summary>The watchdog: gives up on a batch unanswered for the group call timeout.</summary>
    private void Watch()
    {
        Queued[] batch;
        lock (gate)
        {
            if (!inFlight)
            {
                watching = false;
                return;
            }

            var waited = answering is null ? TimeSpan.Zero : time.GetElapsedTime(sentAt);
            if (waited < options.GroupCallTimeout)
            {
                watchdog.Change(options.GroupCallTimeout - waited, Timeout.InfiniteTimeSpan);
                return;
            }

            batch = sending!;
            answering = null;
            sending = null;
            watchdog.Change(options.GroupCallTimeout, Timeout.InfiniteTimeSpan);
        }

        Continue(Fail(batch, new TimeoutException($"The group did not answer a batch of {batch.Length} call(s) within the group call timeout of {options.GroupCallTimeout}.")));
    }

    /// <summary>Fails the calls of <paramref name="batch"/> that wait for an answer; returns its ends to send again, once.</summary>
    private static List<Queued>? Fail(Queued[] batch, Exception exception)
    {
        List<Queued>? again = null;
        foreach (var call in batch)
        {
            if (call.Answer is not null)
            {
                call.Cancels.Unregister();
                ThreadPool.UnsafeQueueUserWorkItem(static failed => failed.Answer.TrySetException(failed.Exception), (call.Answer, Exception: exception), preferLocal: false);
            }
            else if (!call.Again)
            {
                (again ??= []).Add(call with { Again = true });
            }
        }

        return again;
    }

    /// <summary>After a batch: the next goes from the end of the thread pool's queue when a call waits; otherwise nothing is in flight.</summary>
    private void Continue(List<Queued>? again)
    {
        lock (gate)
        {
            if (again is not null)
            {
                queued.InsertRange(0, again);
            }

            if (!HasWaitingCall())
            {
                inFlight = false;
                if (queued.Count > 0)
                {
                    Linger();
                }

                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Arms the linger for the ends queued while nothing is in flight (under the lock).</summary>
    private void Linger()
    {
        if (!lingering)
        {
            lingering = true;
            linger.Change(EndLinger, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The linger ran out with ends queued and nothing in flight: they go one-way, together.</summary>
    private void SendLingeringEnds()
    {
        Queued[] batch;
        lock (gate)
        {
            lingering = false;
            if (inFlight || queued.Count == 0)
            {
                return;
            }

            // Nothing is in flight, so what is queued is ends nobody waits for: a call that waits goes at once.
            batch = TakeAll();
        }

        try
        {
            Background.Observe(router.EndAll(Calls(batch)));
        }
        catch (Exception)
        {
            // Thrown before the call went (this runs on a timer, where it must not escape): the
            // ends are lost as with a lost one-way message, and their leases expire.
        }
    }

    private static CallBatch Calls(Queued[] batch)
    {
        var calls = new GroupCall[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            calls[i] = batch[i].Call;
        }

        return new CallBatch(calls);
    }

    /// <summary>Whether a queued call waits for an answer (under the lock): only then does a batch go two-way.</summary>
    private bool HasWaitingCall()
    {
        foreach (var call in queued)
        {
            if (call.Answer is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes every queued call (under the lock).</summary>
    private Queued[] TakeAll()
    {
        var batch = queued.ToArray();
        queued.Clear();
        return batch;
    }

    /// <param name="Call">The call to the group.</param>
    /// <param name="Answer">Where its answer goes; null for an end nobody waits for.</param>
    /// <param name="Cancels">The registration that cancels <paramref name="Answer"/> with the dispatch (the call still goes).</param>
    /// <param name="Again">Whether it is an end already sent once in a batch that failed.</param>
    private readonly record struct Queued(GroupCall Call, TaskCompletionSource<RouteAnswer>? Answer, CancellationTokenRegistration Cancels = default, bool Again = false);
}
