using System.Diagnostics;
using HdrHistogram;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>
/// Runs an operation from <c>concurrency</c> loops, each starting the next call when its last one
/// ends: a warm-up, then a measured window whose latencies go into one histogram (nanoseconds).
/// </summary>
internal static class LoadDriver
{
    public static async Task<WindowResult> RunAsync(
        Func<long, Task> operation, int concurrency, TimeSpan warmup, TimeSpan duration, Func<Snapshot>? resources = null, Action? windowStarted = null, Action? windowEnded = null)
    {
        resources ??= Snapshot.Take;
        var measuring = 0;
        var stopping = 0;
        long sequence = 0;
        var histograms = new LongHistogram[concurrency];
        var counts = new long[concurrency];

        async Task Worker(int index)
        {
            var histogram = histograms[index] = new LongHistogram(TimeSpan.FromMinutes(2).Ticks * 100, 3);
            while (Volatile.Read(ref stopping) == 0)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(Interlocked.Increment(ref sequence));
                if (Volatile.Read(ref measuring) == 1)
                {
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
                    counts[index]++;
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Worker(i))).ToArray();
        await Task.Delay(warmup);
        var start = resources();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        windowStarted?.Invoke();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 0);
        windowEnded?.Invoke();
        var elapsed = clock.Elapsed;
        var used = resources() - start;
        var operations = counts.Sum();
        Volatile.Write(ref stopping, 1);
        await Task.WhenAll(workers);

        var merged = new LongHistogram(TimeSpan.FromMinutes(2).Ticks * 100, 3);
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return new WindowResult(operations, elapsed, merged, used);
    }
}
