using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>
/// The operators' side of a group's dead letters: lists and purges through the store, and
/// re-dispatches. A stateless worker beside the group, so a re-dispatch, which waits on the
/// group's routing like any dispatch, never holds a turn of the group or of the store.
/// </summary>
[StatelessWorker(1), Reentrant]
internal sealed class DeadLetterGrain(ILogger<DeadLetterGrain> logger) : Grain, IDeadLetterGrain
{
    private const int MaxPerCall = 10_000;
    private const int Parallelism = 16;

    private string Group => GroupName.Validate(this.GetPrimaryKeyString());

    private IDeadLetterStoreGrain Store => GrainFactory.GetGrain<IDeadLetterStoreGrain>(Group);

    public async Task<IReadOnlyList<DeadLetter>> List(int max = 100)
    {
        CheckMax(max);
        return await Store.List(max);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListNewest(int max = 100)
    {
        CheckMax(max);
        return await Store.ListNewest(max);
    }

    public Task<int> Count() => Store.Count();

    public Task<int> Purge() => Store.Purge();

    public async Task<DeadLetterRedispatch> Redispatch(int max = 100)
    {
        CheckMax(max);
        var group = Group;
        var letters = await Store.List(max);
        if (letters.Length == 0)
        {
            return new DeadLetterRedispatch(0, 0, 0, 0);
        }

        await GrainFactory.GetGrain<IConsumerGroupRouterGrain>(group).Forget([.. letters.Select(l => l.Message.Id)]);
        var dispatcher = GrainFactory.GetGrain<IDispatchGrain>(group);
        var ended = new RedispatchResult[letters.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, letters.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, TaskScheduler = TaskScheduler.Current },
            async (i, _) => ended[i] = await RedispatchAsync(dispatcher, letters[i]));

        var done = letters.Where((_, i) => ended[i] != RedispatchResult.Left).Select(l => l.Sequence).ToArray();
        if (done.Length > 0)
        {
            await Store.Remove(done);
        }

        return new DeadLetterRedispatch(
            letters.Length,
            ended.Count(e => e == RedispatchResult.Delivered),
            ended.Count(e => e == RedispatchResult.KeptAgain),
            ended.Count(e => e == RedispatchResult.Left));
    }

    private async Task<RedispatchResult> RedispatchAsync(IDispatchGrain dispatcher, DeadLetter letter)
    {
        try
        {
            await dispatcher.Dispatch(letter.Message);
            return RedispatchResult.Delivered;
        }
        catch (Exception exception) when (exception is NoConsumerAvailableException or DispatchExhaustedException)
        {
            // The failed dispatch kept the message again, as a new dead letter.
            return RedispatchResult.KeptAgain;
        }
        catch (Exception exception)
        {
            logger.DeadLetterLeft(letter.Message.Id, Group, letter.Sequence, $"{exception.GetType().Name}: {exception.Message}");
            return RedispatchResult.Left;
        }
    }

    private static void CheckMax(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, MaxPerCall);
    }

    private enum RedispatchResult
    {
        Delivered,
        KeptAgain,
        Left,
    }
}
