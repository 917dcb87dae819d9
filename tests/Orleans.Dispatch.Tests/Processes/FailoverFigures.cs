using System.Globalization;

namespace Orleans.Dispatch.Tests.Processes;

/// <summary>What a failover run measured.</summary>
public sealed record FailoverFigures(
    int Dispatches,
    int Delivered,
    int Failed,
    int Rerouted,
    int Lost,
    int Duplicates,
    double BaselineP99Ms,
    double MaxLatencyDuringFailoverMs,
    double RecoverySeconds)
{
    /// <summary>A dispatch slower than this after the kill counts as not yet recovered.</summary>
    public static double SlowThresholdMs(double baselineP99Ms) => Math.Max(3 * baselineP99Ms, 100);

    public static FailoverFigures From(IReadOnlyList<DispatchRecord> records, IReadOnlyDictionary<string, List<string>> receipts, TimeSpan killedAt)
    {
        var before = records.Where(r => r.EndedAt < killedAt).Select(r => r.Latency.TotalMilliseconds).Order().ToList();
        var baseline = before.Count == 0 ? 0 : before[Math.Min(before.Count - 1, (int)Math.Ceiling(before.Count * 0.99) - 1)];
        var during = records.Where(r => r.EndedAt >= killedAt).ToList();
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
            slow.Count == 0 ? 0 : (slow.Max(r => r.EndedAt) - killedAt).TotalSeconds);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"dispatches {Dispatches}, delivered {Delivered}, failed {Failed}, rerouted {Rerouted}, lost {Lost}, duplicates {Duplicates}; " +
        $"p99 before the kill {BaselineP99Ms:0.0} ms, longest dispatch during the failover {MaxLatencyDuringFailoverMs:0} ms, " +
        $"latency back under {SlowThresholdMs(BaselineP99Ms):0} ms {RecoverySeconds:0.0} s after the kill");
}
