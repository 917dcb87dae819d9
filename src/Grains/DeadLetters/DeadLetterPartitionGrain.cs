using Orleans.Dispatch.Internal;
using Orleans.Runtime;
using Orleans.Dispatch.Storage;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>A partition of dead letters, oldest first, in the dispatch storage provider. Each change replaces the stored list whole.</summary>
internal sealed class DeadLetterPartitionGrain(
    [PersistentState("deadletters", DispatchDefaults.StorageProviderName)] IPersistentState<DeadLetterPartitionState> state) : Grain, IDeadLetterPartitionGrain
{
    private List<DeadLetter> Letters => state.State.Letters;

    public Task Append(DeadLetter letter) => state.ReplaceAsync(new DeadLetterPartitionState { Letters = [.. Letters, letter] });

    public async Task<DeadLetterRemoval> TrimOldest(int count, long bytes)
    {
        var removed = 0;
        long freed = 0;
        while (removed < Letters.Count && (removed < count || freed < bytes))
        {
            freed += Letters[removed].Size;
            removed++;
        }

        await state.ReplaceAsync(new DeadLetterPartitionState { Letters = Letters[removed..] });
        return new DeadLetterRemoval(removed, freed, Letters.Count);
    }

    public Task<DeadLetter[]> Read(int max) => Task.FromResult(Letters.Take(max).ToArray());

    public async Task<DeadLetterRemoval> Remove(long[] sequences)
    {
        var removed = Letters.FindAll(l => Array.BinarySearch(sequences, l.Sequence) >= 0);
        if (removed.Count > 0)
        {
            await state.ReplaceAsync(new DeadLetterPartitionState { Letters = Letters.FindAll(l => Array.BinarySearch(sequences, l.Sequence) < 0) });
        }

        return new DeadLetterRemoval(removed.Count, removed.Sum(l => l.Size), Letters.Count);
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        state.State = new DeadLetterPartitionState();
    }
}
