using Orleans.Runtime;

namespace Orleans.Dispatch.Storage;

/// <summary>Writes grain state so that a failed write never leaves memory, ETag and storage disagreeing.</summary>
internal static class PersistentStateExtensions
{
    /// <summary>
    /// Replaces the state with <paramref name="next"/> and writes it. When the write fails, the
    /// stored state is read back (a write can commit and still report failure, a timeout say), so
    /// memory and ETag agree with storage again; when that read fails too, the previous state is
    /// put back and the next write finds out. Either way the failure is rethrown: callers that
    /// derive anything from the state rebuild it from the state.
    /// </summary>
    public static async Task ReplaceAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
                if (!state.RecordExists)
                {
                    // Nothing was ever stored: what was in force before is what storage means.
                    state.State = previous;
                }
            }
            catch
            {
                state.State = previous;
            }

            throw;
        }
    }

    /// <summary>
    /// Writes the state as it now is in memory. When the write fails, the stored state is read
    /// back so memory and ETag agree with storage again (when that read fails too, the next write
    /// finds out); the failure is rethrown.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Storage is down: the next write learns it, or succeeds once storage is back.
            }

            throw;
        }
    }
}
