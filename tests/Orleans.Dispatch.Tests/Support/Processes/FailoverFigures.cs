using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>What a failover run measured around one kill.</summary>
public sealed record FailoverFigures(
    int Dispatches,
    int Delivered,
    int Failed,
    int Rerouted,
    int Lost,
    int Duplicates,
    double BaselineP99Ms,
    double MaxLatencyDuringFailoverMs,
    double RecoverySeconds,
    double BaselineRatePerSecond,
    double ResumedSeconds)
{
    /// <summary>The share of the rate before the kill that counts as dispatching steadily again.</summary>
    public const double ResumedShare = 0.5;

    /// <summary>How many one-second windows in a row must reach <see cref="ResumedShare"/>.</summary>
    private const int SteadyWindows = 3;

    /// <summary>A dispatch slower than this after the kill counts as not yet recovered.</summary>
    public static double SlowThresholdMs(double baselineP99Ms) => Math.Max(3 * baselineP99Ms, 100);

    /// <param name="records">Every dispatch of the run.</param>
    /// <param name="receipts">The consumers that acknowledged each message id.</param>
    /// <param name="steadyFrom">Where the rate before the kill is measured from (after warm-up).</param>
    /// <param name="killedAt">The kill.</param>
    /// <param name="until">The end of the period this kill is judged on (the next kill, or the end of the load).</param>
    public static FailoverFigures From(IReadOnlyList<DispatchRecord> records, IReadOnlyDictionary<string, List<string>> receipts, TimeSpan steadyFrom, TimeSpan killedAt, TimeSpan until)
    {
        var before = records.Where(r => r.EndedAt >= steadyFrom && r.EndedAt < killedAt).Select(r => r.Latency.TotalMilliseconds).Order().ToList();
        var baseline = before.Count == 0 ? 0 : before[Math.Min(before.Count - 1, (int)Math.Ceiling(before.Count * 0.99) - 1)];
        var rate = before.Count / (killedAt - steadyFrom).TotalSeconds;
        var during = records.Where(r => r.EndedAt >= killedAt && r.StartedAt < until).ToList();
        var slow = during.Where(r => r.Latency.TotalMilliseconds > SlowThresholdMs(baseline)).ToList();
        return new FailoverFigures(
            records.Count,
            records.Count(r => r.Outcome is not null),
            records.Count(r => r.Failure is not null),
            records.Count(r => r.Outcome is { DeliveredFirstTry: false }),
            records.Count(r => !receipts.ContainsKey(r.MessageId)),
            records.Count(r => receipts.TryGetValue(r.MessageId, out var list) && list.Count > 1),
            baseline,
            during.Count == 0 ? 0 : during.Max(r => r.Latency.TotalMilliseconds),
            slow.Count == 0 ? 0 : (slow.Max(r => r.EndedAt) - killedAt).TotalSeconds,
            rate,
            ResumedAfter(records, rate, killedAt, until));
    }

    /// <summary>
    /// Seconds from the kill to the first of <see cref="SteadyWindows"/> one-second windows in a
    /// row that each saw at least <see cref="ResumedShare"/> of the rate before the kill complete;
    /// infinity when that never happened before <paramref name="until"/>.
    /// </summary>
    internal static double ResumedAfter(IReadOnlyList<DispatchRecord> records, double rate, TimeSpan killedAt, TimeSpan until)
    {
        var windows = (int)(until - killedAt).TotalSeconds;
        var completed = new int[Math.Max(0, windows)];
        foreach (var record in records)
        {
            var window = (int)Math.Floor((record.EndedAt - killedAt).TotalSeconds);
            if (window >= 0 && window < completed.Length)
            {
                completed[window]++;
            }
        }

        for (var start = 0; start + SteadyWindows <= completed.Length; start++)
        {
            if (completed.Skip(start).Take(SteadyWindows).All(c => c >= ResumedShare * rate))
            {
                return start;
            }
        }

        return double.PositiveInfinity;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"dispatches {Dispatches}, delivered {Delivered}, failed {Failed}, rerouted {Rerouted}, lost {Lost}, duplicates {Duplicates}; " +
        $"{BaselineRatePerSecond:0}/s and p99 {BaselineP99Ms:0.0} ms before the kill, longest dispatch during the failover {MaxLatencyDuringFailoverMs:0} ms, " +
        $"steady again (>= {ResumedShare:P0} of the rate) {ResumedSeconds:0} s after the kill, latency back under {SlowThresholdMs(BaselineP99Ms):0} ms {RecoverySeconds:0.0} s after it");
}
