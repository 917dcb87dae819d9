using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>Keeps a failed dispatch's message in its group's dead-letter store, without making the dispatch wait.</summary>
internal sealed class DeadLetterKeeper(IGrainFactory grains, DispatchMetrics metrics, ILogger<DeadLetterKeeper> logger) : IDeadLetterSink
{
    /// <summary>
    /// Sends <paramref name="letter"/> to the store and returns at once. A letter the store could
    /// not keep is logged at error level with its message id and counted
    /// (<c>orleans.dispatch.dead_letters.lost</c>): it is never lost without a trace.
    /// </summary>
    public void Keep(string group, DeadLetter letter) =>
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
