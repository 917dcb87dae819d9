using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;
using Orleans.Dispatch.Storage;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>
/// A group's dead letters: partitions of at most <see cref="PartitionSize"/> letters, each its own
/// grain and storage record, and this index. Keeping a letter writes one partition and the
/// index; past <see cref="DispatchOptions.DeadLetterCapacity"/> letters or
/// <see cref="DispatchOptions.DeadLetterMaxBytes"/> bytes the oldest are dropped.
/// </summary>
internal sealed class DeadLetterStoreGrain(
    [PersistentState("deadletterindex", DispatchDefaults.StorageProviderName)] IPersistentState<DeadLetterIndex> state,
    IOptions<DispatchOptions> options) : Grain, IDeadLetterStoreGrain
{
    public const int PartitionSize = 64;

    private DeadLetterIndex Index => state.State;

    public async Task Add(DeadLetter letter)
    {
        var limits = options.Value;
        if (limits.DeadLetterCapacity == 0)
        {
            return;
        }

        var current = Index.Partitions.Count > 0 && Index.Partitions[^1].Count < PartitionSize ? Index.Partitions[^1] : null;
        if (current is null)
        {
            current = new DeadLetterPartitionInfo { Number = Index.NextPartition++ };
            Index.Partitions.Add(current);
        }

        var numbered = letter with { Sequence = Index.NextSequence++ };
        await Partition(current.Number).Append(numbered);
        current.Count++;
        current.Bytes += numbered.Size;
        await TrimAsync(limits.DeadLetterCapacity, limits.DeadLetterMaxBytes);
        await state.WriteOrReloadAsync();
    }

    public async Task<DeadLetter[]> List(int max)
    {
        var letters = new List<DeadLetter>();
        foreach (var partition in Index.Partitions)
        {
            if (letters.Count >= max)
            {
                break;
            }

            letters.AddRange(await Partition(partition.Number).Read(max - letters.Count));
        }

        return [.. letters];
    }

    public async Task<DeadLetter[]> ListNewest(int max)
    {
        var letters = new List<DeadLetter>();
        foreach (var partition in Enumerable.Reverse(Index.Partitions))
        {
            if (letters.Count >= max)
            {
                break;
            }

            var read = await Partition(partition.Number).Read(int.MaxValue);
            letters.AddRange(read.Reverse().Take(max - letters.Count));
        }

        return [.. letters];
    }

    public async Task<int> Remove(long[] sequences)
    {
        var sorted = sequences.Order().ToArray();
        var removed = 0;
        foreach (var partition in Index.Partitions.ToList())
        {
            var removal = await Partition(partition.Number).Remove(sorted);
            if (removal.Count == 0)
            {
                continue;
            }

            removed += removal.Count;
            partition.Count = removal.Left;
            partition.Bytes -= removal.Bytes;
            if (removal.Left == 0)
            {
                Index.Partitions.Remove(partition);
                await Partition(partition.Number).Clear();
            }
        }

        if (removed > 0)
        {
            await state.WriteOrReloadAsync();
        }

        return removed;
    }

    public Task<int> Count() => Task.FromResult(state.State.Count);

    public async Task<int> Purge()
    {
        var count = Index.Count;
        foreach (var partition in Index.Partitions)
        {
            await Partition(partition.Number).Clear();
        }

        Index.Partitions.Clear();
        await state.WriteOrReloadAsync();
        return count;
    }

    /// <summary>Drops the oldest letters until the store is within both bounds.</summary>
    private async Task TrimAsync(int capacity, long maxBytes)
    {
        while (Index.Partitions.Count > 0 && (Index.Count > capacity || Index.Bytes > maxBytes))
        {
            var oldest = Index.Partitions[0];
            var removal = await Partition(oldest.Number).TrimOldest(Math.Max(0, Index.Count - capacity), Math.Max(0, Index.Bytes - maxBytes));
            oldest.Count = removal.Left;
            oldest.Bytes -= removal.Bytes;
            if (removal.Left == 0)
            {
                Index.Partitions.RemoveAt(0);
                await Partition(oldest.Number).Clear();
            }
        }
    }

    private IDeadLetterPartitionGrain Partition(int number) =>
        GrainFactory.GetGrain<IDeadLetterPartitionGrain>(string.Create(CultureInfo.InvariantCulture, $"{this.GetPrimaryKeyString()}/{number}"));
}
