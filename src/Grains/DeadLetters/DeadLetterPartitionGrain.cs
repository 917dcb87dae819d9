using Orleans.Runtime;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>A partition of dead letters, oldest first, in the dispatch storage provider.</summary>
internal sealed class DeadLetterPartitionGrain(
    [PersistentState("deadletters", DispatchDefaults.StorageProviderName)] IPersistentState<DeadLetterPartitionState> state) : Grain, IDeadLetterPartitionGrain
{
    public async Task Append(DeadLetter letter)
    {
        state.State.Letters.Add(letter);
        await WriteAsync(() => state.State.Letters.RemoveAt(state.State.Letters.Count - 1));
    }

    public async Task<DeadLetterRemoval> TrimOldest(int count, long bytes)
    {
        var letters = state.State.Letters;
        var removed = 0;
        long freed = 0;
        while (removed < letters.Count && (removed < count || freed < bytes))
        {
            freed += letters[removed].Size;
            removed++;
        }

        var taken = letters.GetRange(0, removed);
        letters.RemoveRange(0, removed);
        await WriteAsync(() => letters.InsertRange(0, taken));
        return new DeadLetterRemoval(removed, freed, letters.Count);
    }

    public Task<DeadLetter[]> Read(int max) => Task.FromResult(state.State.Letters.Take(max).ToArray());

    public async Task<DeadLetterRemoval> Remove(long[] sequences)
    {
        var letters = state.State.Letters;
        var removed = letters.FindAll(l => Array.BinarySearch(sequences, l.Sequence) >= 0);
        if (removed.Count == 0)
        {
            return new DeadLetterRemoval(0, 0, letters.Count);
        }

        var before = letters.ToList();
        letters.RemoveAll(l => Array.BinarySearch(sequences, l.Sequence) >= 0);
        await WriteAsync(() =>
        {
            letters.Clear();
            letters.AddRange(before);
        });
        return new DeadLetterRemoval(removed.Count, removed.Sum(l => l.Size), letters.Count);
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        state.State = new DeadLetterPartitionState();
    }

    /// <summary>Writes the state; on failure undoes the change, so memory and storage agree.</summary>
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
