namespace Orleans.Dispatch.Group.Figures;

/// <summary>
/// The group's activity over the last <see cref="GroupActivity.MaxSeconds"/> seconds: a ring of
/// seconds, each counting the dispatches that ended in it. Recording is a few increments; the
/// figures are only computed when someone asks (<see cref="Read"/>).
/// </summary>
internal sealed class ActivityRecorder(TimeProvider time)
{
    private readonly ActivitySecond[] ring = [.. Enumerable.Range(0, GroupActivity.MaxSeconds).Select(_ => new ActivitySecond())];

    /// <summary>A dispatch ended: delivered (<paramref name="failure"/> null) or failed with that kind, after <paramref name="rerouted"/> crashes.</summary>
    public void Ended(string? failure, int rerouted, TimeSpan? latency)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var entry = ring[second % ring.Length];
        entry.Hold(second);
        entry.Ended(failure, rerouted, latency);
    }

    /// <summary>The last <paramref name="seconds"/> seconds, oldest first, ending with the current one, and the recent total.</summary>
    public GroupActivity Read(string group, int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, GroupActivity.MaxSeconds);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var series = new ActivityFigures[seconds];
        for (var i = 0; i < seconds; i++)
        {
            var second = now - seconds + 1 + i;
            series[i] = Figures(second, 1, [Held(second)]);
        }

        var recentFrom = now - GroupActivity.RecentSeconds;
        var recent = Enumerable.Range(0, GroupActivity.RecentSeconds).Select(i => Held(recentFrom + i)).ToList();
        return new GroupActivity(group, series, Figures(recentFrom, GroupActivity.RecentSeconds, recent));
    }

    private ActivitySecond? Held(long second)
    {
        var entry = ring[second % ring.Length];
        return entry.Second == second ? entry : null;
    }

    private static ActivityFigures Figures(long from, int span, IReadOnlyList<ActivitySecond?> seconds)
    {
        var held = seconds.OfType<ActivitySecond>().ToList();
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in held.SelectMany(s => s.Failures))
        {
            failures[kind] = failures.GetValueOrDefault(kind) + count;
        }

        var histograms = held.Select(s => s.Latencies).OfType<LatencyHistogram>().ToList();
        var latencies = histograms.Count == 1 ? histograms[0] : new LatencyHistogram();
        if (histograms.Count > 1)
        {
            foreach (var histogram in histograms)
            {
                histogram.AddTo(latencies);
            }
        }

        return new ActivityFigures(
            DateTimeOffset.FromUnixTimeSeconds(from),
            TimeSpan.FromSeconds(span),
            held.Sum(s => s.Delivered),
            held.Sum(s => s.Rerouted),
            failures,
            latencies.Percentile(0.5),
            latencies.Percentile(0.99));
    }
}
