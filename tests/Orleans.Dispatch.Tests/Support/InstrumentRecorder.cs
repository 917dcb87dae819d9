using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Records one instrument's measurements from every meter of that name, whatever its scope: each
/// test-cluster silo creates its meter from its own <see cref="IMeterFactory"/>.
/// </summary>
public sealed class InstrumentRecorder<T> : IDisposable
    where T : struct
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(T Value, Dictionary<string, object?> Tags)> measurements = new();

    public InstrumentRecorder(string meterName, string instrumentName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            measurements.Enqueue((value, copy));
        });
        listener.Start();
    }

    /// <summary>The measurements whose tag <paramref name="tag"/> equals <paramref name="value"/>.</summary>
    public IReadOnlyList<(T Value, Dictionary<string, object?> Tags)> Where(string tag, object value) =>
        [.. measurements.Where(m => Equals(m.Tags.GetValueOrDefault(tag), value))];

    public void Dispose() => listener.Dispose();
}
