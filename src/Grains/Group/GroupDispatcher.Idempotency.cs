using Orleans.Dispatch.Diagnostics;

namespace Orleans.Dispatch.Group;

/// <summary>The idempotency records' memory bound: what the group says when it drops records younger than the window.</summary>
internal sealed partial class GroupDispatcher
{
    /// <summary>How often, at most, the group warns that its memory bound shortens the window.</summary>
    private static readonly TimeSpan EarlyDropWarningInterval = TimeSpan.FromMinutes(1);

    private long earlyDropWarnedAt = long.MinValue / 2;
    private long droppedEarlySinceWarning;

    private void OutcomesDroppedEarly(DispatchMetrics metrics, DispatchOptions options, int dropped, TimeSpan held)
    {
        metrics.IdempotencyDroppedEarly(group, dropped, held);
        droppedEarlySinceWarning += dropped;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(earlyDropWarnedAt, now) >= EarlyDropWarningInterval)
        {
            earlyDropWarnedAt = now;
            logger.IdempotencyShortened(group, droppedEarlySinceWarning, held, options.IdempotencyWindow, options.IdempotencyMemoryLimit);
            droppedEarlySinceWarning = 0;
        }
    }
}
