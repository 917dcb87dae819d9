namespace Orleans.Dispatch.Internal;

/// <summary>Spans as counts of a <see cref="TimeProvider"/>'s high-resolution timestamp.</summary>
internal static class TimeProviderExtensions
{
    /// <summary>How many of <paramref name="time"/>'s timestamp ticks <paramref name="span"/> lasts.</summary>
    public static long TimestampTicks(this TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>The timestamp <paramref name="span"/> from now.</summary>
    public static long TimestampAfter(this TimeProvider time, TimeSpan span) => time.GetTimestamp() + time.TimestampTicks(span);
}
