using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>Keeps a failed dispatch's message in its group's dead-letter store, without making the dispatch wait.</summary>
internal static class DeadLetterKeeper
{
    /// <summary>
    /// Sends <paramref name="letter"/> to the store and returns at once. A letter the store could
    /// not keep is logged at error level with its message id and counted
    /// (<c>orleans.dispatch.dead_letters.lost</c>): it is never lost without a trace.
    /// </summary>
    public static void Keep(IGrainFactory grains, string group, DeadLetter letter, DispatchMetrics metrics, ILogger logger) =>
        _ = grains.GetGrain<IDeadLetterStoreGrain>(group).Add(letter).ContinueWith(
            kept =>
            {
                metrics.DeadLetterLost(group);
                logger.DeadLetterLost(kept.Exception!.GetBaseException(), letter.Message.Id, group, letter.Failure);
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
}
