using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>What a run measured around one gray fault, from the fault's start to the end of the load.</summary>
public sealed record GrayFigures(
    int Dispatches,
    int Failed,
    int Rerouted,
    int Lost,
    int Duplicates,
    double RatePerSecondBefore,
    double NoDeliverySeconds,
    double LongestDispatchSeconds,
    double? DeclaredDeadAfterSeconds,
    double SteadyAfterHealSeconds)
{
    /// <param name="records">Every dispatch of the run.</param>
    /// <param name="receipts">The consumers that acknowledged each message id.</param>
    /// <param name="faultAt">When the fault began.</param>
    /// <param name="healedAt">When it ended (the process resumed, the partition healed, Redis back).</param>
    /// <param name="declaredDeadAt">When every survivor saw the victim declared dead, if it was.</param>
    /// <param name="until">The end of the load.</param>
    public static GrayFigures From(
        IReadOnlyList<DispatchRecord> records, IReadOnlyDictionary<string, List<string>> receipts, TimeSpan faultAt, TimeSpan healedAt, TimeSpan? declaredDeadAt, TimeSpan until)
    {
        var steadyFrom = TimeSpan.FromSeconds(1);
        var rate = records.Count(r => r.EndedAt >= steadyFrom && r.EndedAt < faultAt) / (faultAt - steadyFrom).TotalSeconds;
        var deliveries = records.Where(r => r.Outcome is not null && r.EndedAt >= faultAt).Select(r => r.EndedAt).Order().Prepend(faultAt).Append(until).ToList();
        var longestGap = deliveries.Zip(deliveries.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();
        var during = records.Where(r => r.EndedAt >= faultAt).ToList();
        return new GrayFigures(
            records.Count,
            records.Count(r => r.Failure is not null),
            records.Count(r => r.Outcome is { DeliveredFirstTry: false }),
            records.Count(r => !receipts.ContainsKey(r.MessageId)),
            records.Count(r => receipts.TryGetValue(r.MessageId, out var list) && list.Count > 1),
            rate,
            longestGap,
            during.Count == 0 ? 0 : during.Max(r => r.Latency.TotalSeconds),
            declaredDeadAt is { } dead ? (dead - faultAt).TotalSeconds : null,
            FailoverFigures.ResumedAfter(records, rate, healedAt, until));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"dispatches {Dispatches}, failed {Failed}, rerouted {Rerouted}, lost {Lost}, duplicates {Duplicates}; {RatePerSecondBefore:0}/s before the fault; " +
        $"longest stretch with no delivery {NoDeliverySeconds:0.0} s, longest dispatch {LongestDispatchSeconds:0.0} s, " +
        $"declared dead {(DeclaredDeadAfterSeconds is { } d ? $"{d:0.0} s after the fault began" : "never")}, " +
        $"steady again (>= {FailoverFigures.ResumedShare:P0} of the rate for 3 s) {SteadyAfterHealSeconds:0} s after it healed");
}
