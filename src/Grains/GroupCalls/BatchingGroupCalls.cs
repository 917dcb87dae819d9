using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.GroupCalls;

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
/// group's round trip, which on one silo is a few microseconds. A batch carries at most
/// <see cref="CallQueue.MaxEntries"/> calls and about <see cref="CallQueue.MaxBytes"/> bytes; the
/// rest goes in the next.
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
/// The group answers a batch within the group call timeout however slow its decisions: once a
/// batch has taken its budget, its remaining routing calls come back <see cref="Deferred"/> and go
/// again, first, in the next batch, so one slow decision does not time out the calls batched with
/// it. A batch that fails in transport or is not answered within
/// <see cref="DispatchOptions.GroupCallTimeout"/> fails each of its routing calls, which their
/// dispatches send again with the same call number (the group answers a call it already took as
/// it did the first time), and its ends go again, once, with the next batch (the group ignores an
/// end it already took); an end dropped after that, or lost with a one-way batch of ends, is
/// counted (<c>orleans.dispatch.group.ends_dropped</c>) and covered by its lease's expiry. The
/// late answer of a batch given up on is observed and dropped. Waits for a grant or an outcome are
/// not batched: they go straight to the group. Nothing here runs on the calling grain's
/// scheduler, so no activation's queue holds a group's answers.
/// </para>
/// <para>
/// One batch at most is in flight, so its state lives in fields and nothing is allocated per batch
/// beyond the call itself: the answer is observed by one cached continuation, the group call
/// timeout by one watchdog timer re-armed at most once per timeout, and the hop to the thread
/// pool's queue is this object as its work item. Its timers are made on first use and disposed
/// when <see cref="GroupCallsSource"/> retires it after a long idle spell; a dispatch that still
/// holds it then is sent on to its successor.
/// </para>
/// </remarks>
internal sealed partial class BatchingGroupCalls : IGroupCalls, IThreadPoolWorkItem
{
    /// <summary>The longest an end waits for a routing call to ride with before it goes on its own.</summary>
    internal static readonly TimeSpan EndLinger = TimeSpan.FromMilliseconds(1);

    private readonly string group;
    private readonly IConsumerGroupRouterGrain router;
    private readonly DispatchOptions options;
    private readonly TimeProvider time;
    private readonly DispatchMetrics? metrics;
    private readonly Func<IGroupCalls>? successor;
    private readonly Lock gate = new();
    private readonly CallQueue queued = new();
    private readonly Action onAnswered;
    private ITimer? linger;
    private ITimer? watchdog;
    private bool inFlight;
    private bool lingering;
    private bool watching;
    private bool retired;
    private QueuedCall[]? sending;
    private Task<AnswerBatch>? answering;
    private long sentAt;
    private long lastUsed;

    /// <param name="group">The group's name, for its metrics.</param>
    /// <param name="router">The group grain.</param>
    /// <param name="options">The dispatch options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">Where dropped ends are counted; null: nowhere.</param>
    /// <param name="successor">Where calls go once this is retired (the silo's calls to the group made since); null: never retired.</param>
    public BatchingGroupCalls(string group, IConsumerGroupRouterGrain router, DispatchOptions options, TimeProvider time, DispatchMetrics? metrics = null, Func<IGroupCalls>? successor = null)
    {
        this.group = group;
        this.router = router;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.successor = successor;
        onAnswered = OnAnswered;
        lastUsed = time.GetTimestamp();
    }

    public Task<RouteAnswer> Route(RouteRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<RouteAnswer>();
        var cancels = cancellationToken.UnsafeRegister(
            static (answer, token) => ThreadPool.UnsafeQueueUserWorkItem(static cancelled => cancelled.Answer.TrySetCanceled(cancelled.Token), (Answer: (TaskCompletionSource<RouteAnswer>)answer!, Token: token), preferLocal: false),
            answer);
        if (!Enqueue(new QueuedCall(new RouteCall(request), answer, cancels, 64 + request.Message.EstimatedFieldBytes + (16 * request.Excluded.Length))))
        {
            cancels.Dispose();
            return successor!().Route(request, cancellationToken);
        }

        return answer.Task;
    }

    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner) => router.AwaitGrant(messageId, owner).WaitAsync(options.GroupCallTimeout, time);

    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => router.AwaitOutcome(messageId).WaitAsync(options.GroupCallTimeout, time);

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record, AttemptReport attempt = default) =>
        Enqueue(new QueuedCall(new EndCall(messageId, owner, lease, record, attempt.End, attempt.Crashes, attempt.Failure), null, default, QueuedCall.EndBytes))
            ? Task.CompletedTask
            : successor!().Complete(messageId, owner, lease, record, attempt);

    public async Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record, AttemptReport attempt = default)
    {
        var answer = new TaskCompletionSource<RouteAnswer>();
        if (!Enqueue(new QueuedCall(new EndCall(messageId, owner, lease, record, attempt.End, attempt.Crashes, attempt.Failure), answer, default, QueuedCall.EndBytes)))
        {
            return await successor!().RecordFailure(messageId, owner, lease, record, attempt).ConfigureAwait(false);
        }

        return await answer.Task.ConfigureAwait(false) is Ended { Held: true };
    }

    /// <summary>Whether <see cref="Retire"/> retired it: calls made on it go to its successor.</summary>
    public bool Retired => Volatile.Read(ref retired);

    /// <summary>
    /// Retires this batcher if nothing of it is queued, in flight or lingering, and nothing was
    /// queued since <paramref name="idleSince"/> (a timestamp): its timers are disposed, and a call
    /// made on it afterwards goes to its successor.
    /// </summary>
    /// <returns>Whether it retired.</returns>
    public bool Retire(long idleSince)
    {
        lock (gate)
        {
            if (retired || inFlight || lingering || queued.Count > 0 || lastUsed > idleSince)
            {
                return retired;
            }

            retired = true;
        }

        linger?.Dispose();
        watchdog?.Dispose();
        return true;
    }

    /// <summary>The hop to the end of the thread pool's queue is over: the next batch goes.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        QueuedCall[] batch;
        lock (gate)
        {
            batch = queued.TakeBatch();
        }

        Send(batch);
    }

    /// <summary>Queues <paramref name="call"/>, and sends it at once when it waits for an answer and nothing is in flight.</summary>
    /// <returns>False when this batcher is retired: the call was not queued.</returns>
    private bool Enqueue(QueuedCall call)
    {
        QueuedCall[] batch;
        lock (gate)
        {
            if (retired)
            {
                return false;
            }

            lastUsed = time.GetTimestamp();
            queued.Add(call);
            if (inFlight)
            {
                return true;
            }

            if (call.Answer is null)
            {
                // An end nobody waits for: let it ride with the next routing call, or go after the linger.
                Linger();
                return true;
            }

            batch = queued.TakeBatch();
            inFlight = true;
            if (!watching)
            {
                watching = true;
                (watchdog ??= time.CreateTimer(static calls => ((BatchingGroupCalls)calls!).Watch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan))
                    .Change(options.GroupCallTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        Send(batch);
        return true;
    }
}
