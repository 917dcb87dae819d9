using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// A silo's calls to one group, batched the way a disruptor or a group commit batches: while a
/// batch is in flight to the group, the routing calls and ends of every dispatch of the silo queue
/// up, and go out together, in the order they were made, as soon as it returns; no timer. A call
/// made while nothing is in flight goes at once, alone, so one dispatch in flight pays nothing. The
/// group takes a batch's entries one after the other, exactly as the same calls sent alone.
/// </summary>
/// <remarks>
/// A batch that fails in transport or is not answered within <see cref="DispatchOptions.GroupCallTimeout"/>
/// fails each of its routing calls, which their dispatches send again with the same call number
/// (the group answers a call it already took as it did the first time). An end that nothing waits
/// for is one-way, as a lone <c>Complete</c> is: a batch of ends only goes one-way, and one lost with
/// a failed batch is covered, as a lost <c>Complete</c> is, by the lease's expiry. Waits for a grant or
/// an outcome are not batched: they go straight to the group. The batch's own awaits never return
/// to the calling grain's scheduler, so no activation's queue holds a group's answers.
/// </remarks>
internal sealed class BatchingGroupCalls(IConsumerGroupRouterGrain router, DispatchOptions options, TimeProvider time) : IGroupCalls
{
    private readonly Lock gate = new();
    private readonly List<Queued> queued = [];
    private bool inFlight;
    private bool flushQueued;

    public Task<RouteAnswer> Route(RouteRequest request)
    {
        var answer = new TaskCompletionSource<RouteAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Queued(new RouteCall(request), answer));
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
        var answer = new TaskCompletionSource<RouteAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Queued(new EndCall(messageId, owner, lease, record), answer));
        return await answer.Task.ConfigureAwait(false) is Ended { Held: true };
    }

    private void Enqueue(Queued call)
    {
        Queued[] batch;
        bool twoWay;
        lock (gate)
        {
            queued.Add(call);
            if (inFlight)
            {
                return;
            }

            if (call.Answer is null)
            {
                // An end nobody waits for: let the work already queued on this silo run first, so
                // that the ends and routing calls it makes ride with this one (no timer).
                if (!flushQueued)
                {
                    flushQueued = true;
                    ThreadPool.UnsafeQueueUserWorkItem(static calls => calls.Flush(), this, preferLocal: false);
                }

                return;
            }

            batch = Take(out inFlight);
            twoWay = inFlight;
        }

        Send(batch, twoWay);
    }

    private void Flush()
    {
        Queued[] batch;
        bool twoWay;
        lock (gate)
        {
            flushQueued = false;
            if (inFlight || queued.Count == 0)
            {
                return;
            }

            batch = Take(out inFlight);
            twoWay = inFlight;
        }

        Send(batch, twoWay);
    }

    /// <summary>Sends <paramref name="batch"/>: two-way when anything in it waits for an answer (as <see cref="Take"/> found), one-way otherwise.</summary>
    private void Send(Queued[] batch, bool twoWay)
    {
        if (twoWay)
        {
            _ = SendAndContinueAsync(batch);
        }
        else
        {
            Background.Observe(router.EndAll(Calls(batch)));
        }
    }

    private async Task SendAndContinueAsync(Queued[] batch)
    {
        while (true)
        {
            try
            {
                var answers = (await router.Decide(Calls(batch)).WaitAsync(options.GroupCallTimeout, time).ConfigureAwait(false)).Answers;
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Answer?.TrySetResult(answers[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var call in batch)
                {
                    call.Answer?.TrySetException(exception);
                }
            }

            bool twoWay;
            lock (gate)
            {
                if (queued.Count == 0)
                {
                    inFlight = false;
                    return;
                }

                batch = Take(out inFlight);
                twoWay = inFlight;
            }

            if (!twoWay)
            {
                Send(batch, twoWay: false);
                return;
            }
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

    /// <summary>Takes every queued call; <paramref name="twoWay"/> says whether any waits for an answer (the batch is then in flight until it returns).</summary>
    private Queued[] Take(out bool twoWay)
    {
        var batch = queued.ToArray();
        queued.Clear();
        twoWay = false;
        foreach (var call in batch)
        {
            twoWay |= call.Answer is not null;
        }

        return batch;
    }

    private readonly record struct Queued(GroupCall Call, TaskCompletionSource<RouteAnswer>? Answer);
}
