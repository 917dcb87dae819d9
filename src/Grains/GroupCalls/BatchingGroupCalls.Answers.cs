using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.GroupCalls;

/// <summary>The batch in flight: sending it, its answer, its watchdog, and the ends that go one-way.</summary>
internal sealed partial class BatchingGroupCalls
{
    /// <summary>Sends <paramref name="batch"/> two-way (in flight, under no lock) and observes its answer.</summary>
    private void Send(QueuedCall[] batch)
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

    /// <summary>A batch's answer came; the one of a batch given up on was observed when it was given up on, and is ignored.</summary>
    private void OnAnswered()
    {
        QueuedCall[] batch;
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
            Answer(batch, answers);
        }
        else
        {
            Continue(Fail(batch, new InvalidOperationException($"The group answered a batch of {batch.Length} call(s) with {answer.Result?.Answers?.Length ?? 0} answer(s).")));
        }
    }

    /// <summary>
    /// Hands each call of <paramref name="batch"/> its answer, but those the group deferred, which go
    /// again first: all but the last from the thread pool, the last on this thread (already off
    /// Orleans' response path), after the next batch is on its way.
    /// </summary>
    private void Answer(QueuedCall[] batch, RouteAnswer[] answers)
    {
        List<QueuedCall>? deferred = null;
        var last = -1;
        for (var i = 0; i < batch.Length; i++)
        {
            if (answers[i] is Deferred)
            {
                (deferred ??= []).Add(batch[i]);
            }
            else if (batch[i].Answer is not null)
            {
                last = i;
            }
        }

        for (var i = 0; i < last; i++)
        {
            if (batch[i].Answer is { } waiting && answers[i] is not Deferred)
            {
                batch[i].Cancels.Unregister();
                ThreadPool.UnsafeQueueUserWorkItem(static answered => answered.Answer.TrySetResult(answered.Result), (Answer: waiting, Result: answers[i]), preferLocal: true);
            }
        }

        Continue(deferred);
        if (last >= 0)
        {
            batch[last].Cancels.Unregister();
            batch[last].Answer!.TrySetResult(answers[last]);
        }
    }

    /// <summary>The watchdog: gives up on a batch unanswered for the group call timeout (its late answer is observed, then dropped).</summary>
    private void Watch()
    {
        QueuedCall[] batch;
        Task<AnswerBatch> late;
        lock (gate)
        {
            if (!inFlight || retired)
            {
                watching = false;
                return;
            }

            var waited = answering is null ? TimeSpan.Zero : time.GetElapsedTime(sentAt);
            if (waited < options.GroupCallTimeout)
            {
                watchdog!.Change(options.GroupCallTimeout - waited, Timeout.InfiniteTimeSpan);
                return;
            }

            batch = sending!;
            late = answering!;
            answering = null;
            sending = null;
            watchdog!.Change(options.GroupCallTimeout, Timeout.InfiniteTimeSpan);
        }

        Background.Observe(late);
        Continue(Fail(batch, new TimeoutException($"The group did not answer a batch of {batch.Length} call(s) within the group call timeout of {options.GroupCallTimeout}.")));
    }

    /// <summary>Fails the calls of <paramref name="batch"/> that wait for an answer; returns its ends to send again, once, and counts those dropped (before any call is failed).</summary>
    private List<QueuedCall>? Fail(QueuedCall[] batch, Exception exception)
    {
        List<QueuedCall>? again = null;
        var dropped = 0;
        foreach (var call in batch)
        {
            if (call.Answer is null && !call.Again)
            {
                (again ??= []).Add(call with { Again = true });
            }
            else if (call.Answer is null)
            {
                dropped++;
            }
        }

        EndsDropped(dropped);
        foreach (var call in batch)
        {
            if (call.Answer is not null)
            {
                call.Cancels.Unregister();
                ThreadPool.UnsafeQueueUserWorkItem(static failed => failed.Answer.TrySetException(failed.Exception), (call.Answer, Exception: exception), preferLocal: false);
            }
        }

        return again;
    }

    /// <summary>After a batch: the next goes from the end of the thread pool's queue when a call waits; otherwise nothing is in flight.</summary>
    private void Continue(List<QueuedCall>? first)
    {
        lock (gate)
        {
            if (first is not null)
            {
                queued.AddFirst(first);
            }

            if (!queued.HasWaitingCall)
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
            (linger ??= time.CreateTimer(static calls => ((BatchingGroupCalls)calls!).SendLingeringEnds(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan))
                .Change(EndLinger, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The linger ran out with ends queued and nothing in flight: they go one-way, together (in batches of the usual bounds).</summary>
    private void SendLingeringEnds()
    {
        while (true)
        {
            QueuedCall[] batch;
            lock (gate)
            {
                lingering = false;
                if (inFlight || queued.Count == 0)
                {
                    return;
                }

                // Nothing is in flight, so what is queued is ends nobody waits for: a call that waits goes at once.
                batch = queued.TakeBatch();
            }

            try
            {
                ObserveEnds(router.EndAll(Calls(batch)), batch.Length);
            }
            catch (Exception)
            {
                // Thrown before the call went (this runs on a timer, where it must not escape): the
                // ends are lost as with a lost one-way message, and their leases expire.
                EndsDropped(batch.Length);
            }
        }
    }

    /// <summary>Counts the ends of a one-way batch as dropped if it fails to go.</summary>
    private void ObserveEnds(Task sent, int ends)
    {
        if (sent.IsCompletedSuccessfully)
        {
            return;
        }

        _ = sent.ContinueWith(
            static (failed, state) =>
            {
                _ = failed.Exception;
                var (calls, count) = ((BatchingGroupCalls, int))state!;
                calls.EndsDropped(count);
            },
            (this, ends),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion,
            TaskScheduler.Default);
    }

    private void EndsDropped(int count)
    {
        if (count > 0)
        {
            metrics?.EndsDropped(group, count);
        }
    }

    private static CallBatch Calls(QueuedCall[] batch)
    {
        var calls = new GroupCall[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            calls[i] = batch[i].Call;
        }

        return new CallBatch(calls);
    }
}
