using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The one cancellation source of a dispatch run, for everything that bounds it: the dispatch's
/// deadline, the running attempt's timeout while that ends first, and the caller's cancellation.
/// One source and one timer per run, re-armed between the deadline and an attempt's timeout,
/// instead of a source, a timer and a registration per attempt on top of the run's.
/// </summary>
internal sealed class RunDeadline : IDisposable
{
    private readonly TimeProvider time;
    private readonly CancellationToken caller;
    private readonly long deadlineAt;
    private readonly CancellationTokenRegistration callerCancels;
    private CancellationTokenSource source;
    private bool attemptArmed;

    /// <summary>A deadline <paramref name="budget"/> from now (one that has run out fires at once), cancelled with <paramref name="caller"/>.</summary>
    public RunDeadline(TimeSpan budget, TimeProvider time, CancellationToken caller)
    {
        this.time = time;
        this.caller = caller;
        deadlineAt = time.TimestampAfter(budget);
        source = new CancellationTokenSource(AtLeastATick(budget), time);
        callerCancels = caller.UnsafeRegister(static run => ((RunDeadline)run!).CancelByCaller(), this);
    }

    /// <summary>When the deadline falls, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long DeadlineAt => deadlineAt;

    /// <summary>Cancelled at the deadline, at the armed attempt's timeout, or with the caller.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Whether the source fired (the deadline, or the caller); an attempt's timeout is taken by <see cref="AttemptTimedOut"/>.</summary>
    public bool IsCancellationRequested => source.IsCancellationRequested;

    /// <summary>Whether the deadline has passed (the source may not have fired yet: an attempt's timeout was armed instead).</summary>
    public bool DeadlinePassed => time.GetTimestamp() >= deadlineAt;

    /// <summary>Whether the armed attempt's timeout fired, rather than the caller's cancellation.</summary>
    public bool AttemptTimedOut => attemptArmed && source.IsCancellationRequested && !caller.IsCancellationRequested;

    /// <summary>Arms an attempt's <paramref name="timeout"/>, when it ends before the deadline (otherwise the deadline bounds the attempt).</summary>
    public void StartAttempt(TimeSpan timeout)
    {
        if (timeout < time.GetElapsedTime(time.GetTimestamp(), deadlineAt))
        {
            attemptArmed = true;
            source.CancelAfter(timeout);
        }
    }

    /// <summary>
    /// The attempt ended: back to the deadline. After the attempt's timeout fired (also in a race
    /// with its answer), the run goes on with a new source for the time that is left, if any.
    /// </summary>
    public void EndAttempt()
    {
        if (!attemptArmed)
        {
            return;
        }

        attemptArmed = false;
        var left = time.GetElapsedTime(time.GetTimestamp(), deadlineAt);
        if (!source.IsCancellationRequested)
        {
            source.CancelAfter(AtLeastATick(left));
            return;
        }

        if (caller.IsCancellationRequested || left <= TimeSpan.Zero)
        {
            return; // The fired source stands for the caller, or for the deadline that passed too.
        }

        var spent = source;
        source = new CancellationTokenSource(AtLeastATick(left), time);
        spent.Dispose();
        if (caller.IsCancellationRequested)
        {
            source.Cancel(); // The caller cancelled while the source was being replaced.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        callerCancels.Dispose();
        source.Dispose();
    }

    private void CancelByCaller()
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Replaced meanwhile (EndAttempt): the new source sees the caller's cancellation itself.
        }
    }

    private static TimeSpan AtLeastATick(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.FromTicks(1);
}
