using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>
/// The library's own counters in this process (the silos run here): dispatches, calls to groups,
/// and the time the group and dispatch-grain activations were busy, read through a
/// <see cref="MeterListener"/> on the <c>Orleans.Dispatch</c> meter.
/// </summary>
internal readonly record struct DispatchCounters(long Dispatches, long GroupCalls, double GroupBusySeconds, double EntryBusySeconds, long Timestamp)
{
    private static readonly Totals Running = Totals.Start();

    public static DispatchCounters Take() => Running.Read();

    public static DispatchCounters operator -(DispatchCounters end, DispatchCounters start) =>
        new(end.Dispatches - start.Dispatches, end.GroupCalls - start.GroupCalls, end.GroupBusySeconds - start.GroupBusySeconds, end.EntryBusySeconds - start.EntryBusySeconds, end.Timestamp - start.Timestamp);

    /// <summary>Two differences as one: their counts and times added.</summary>
    public static DispatchCounters operator +(DispatchCounters a, DispatchCounters b) =>
        new(a.Dispatches + b.Dispatches, a.GroupCalls + b.GroupCalls, a.GroupBusySeconds + b.GroupBusySeconds, a.EntryBusySeconds + b.EntryBusySeconds, a.Timestamp + b.Timestamp);

    /// <summary>Orleans messages to the group per dispatch.</summary>
    public double GroupCallsPerDispatch => Dispatches == 0 ? 0 : (double)GroupCalls / Dispatches;

    /// <summary>The share of one core the group's activation used (over a difference of two readings).</summary>
    public double GroupCoreShare => GroupBusySeconds / Stopwatch.GetElapsedTime(0, Timestamp).TotalSeconds;

    /// <summary>The share of one core the silo's dispatch grain activation used in its own turns.</summary>
    public double EntryCoreShare => EntryBusySeconds / Stopwatch.GetElapsedTime(0, Timestamp).TotalSeconds;

    private sealed class Totals
    {
        private long dispatches;
        private long groupCalls;
        private double groupBusy;
        private double entryBusy;

        public static Totals Start()
        {
            var totals = new Totals();
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == DispatchTelemetry.MeterName && instrument.Name is "orleans.dispatch.dispatches" or "orleans.dispatch.group.calls" or "orleans.dispatch.group.busy" or "orleans.dispatch.entry.busy")
                    {
                        l.EnableMeasurementEvents(instrument, totals);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>(static (instrument, value, _, state) =>
            {
                var t = (Totals)state!;
                if (instrument.Name == "orleans.dispatch.dispatches")
                {
                    Interlocked.Add(ref t.dispatches, value);
                }
                else
                {
                    Interlocked.Add(ref t.groupCalls, value);
                }
            });
            listener.SetMeasurementEventCallback<double>(static (instrument, value, _, state) =>
            {
                var t = (Totals)state!;
                lock (t)
                {
                    if (instrument.Name == "orleans.dispatch.group.busy")
                    {
                        t.groupBusy += value;
                    }
                    else
                    {
                        t.entryBusy += value;
                    }
                }
            });
            listener.Start();
            return totals;
        }

        public DispatchCounters Read()
        {
            lock (this)
            {
                return new DispatchCounters(Interlocked.Read(ref dispatches), Interlocked.Read(ref groupCalls), groupBusy, entryBusy, Stopwatch.GetTimestamp());
            }
        }
    }
}
