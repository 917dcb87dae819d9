namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>
/// Measures several paths side by side: each runs in turn for a slice of the window, round after
/// round, with the order rotated each round, and each path's slices add up to its window. A path
/// measured after another would meet a different stretch of a shared machine's state (on this
/// project's 2-core VMs the 1-in-flight latency of every path moves by up to 2x between stretches
/// of minutes); interleaved, every path meets the same stretches, so their ratios hold.
/// </summary>
internal static class InterleavedLoad
{
    /// <summary>The short warm-up before each slice after a path's first: its loops start again.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Runs <paramref name="operations"/> interleaved, in <paramref name="rounds"/> slices of
    /// <paramref name="window"/> / <paramref name="rounds"/> each, every path warmed for
    /// <paramref name="warmup"/> before its first; returns each path's window, in the order given.
    /// Each operation gets its own rising sequence numbers across its slices.
    /// </summary>
    public static async Task<WindowResult[]> RunAsync(
        IReadOnlyList<Func<long, Task>> operations, int concurrency, TimeSpan warmup, TimeSpan window, int rounds,
        Func<Snapshot>? resources = null, Action<int>? sliceStarted = null, Action<int>? sliceEnded = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var count = operations.Count;
        var results = new WindowResult?[count];
        var sequences = new long[count];
        var slice = window / rounds;
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < count; turn++)
            {
                var path = (round + turn) % count;
                var operation = operations[path];
                var part = await LoadDriver.RunAsync(
                    _ => operation(Interlocked.Increment(ref sequences[path])), concurrency, round == 0 ? warmup : Settle, slice, resources,
                    windowStarted: () => sliceStarted?.Invoke(path), windowEnded: () => sliceEnded?.Invoke(path));
                results[path] = results[path] is { } sum ? sum.Add(part) : part;
            }
        }

        return [.. results.Select(result => result!)];
    }
}
