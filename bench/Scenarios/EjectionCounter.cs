using System.Diagnostics.Metrics;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>Counts <c>orleans.dispatch.consumers.ejections</c> for one group.</summary>
internal sealed class EjectionCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long count;

    public EjectionCounter(string group)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DispatchTelemetry.MeterName && instrument.Name == "orleans.dispatch.consumers.ejections")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == DispatchTelemetry.GroupTag && Equals(tag.Value, group))
                {
                    Interlocked.Add(ref count, value);
                }
            }
        });
        listener.Start();
    }

    public long Count => Interlocked.Read(ref count);

    public void Dispose() => listener.Dispose();
}
