namespace Orleans.Dispatch.Internal;

/// <summary>Spans as counts of a <see cref="TimeProvider"/>'s high-resolution timestamp.</summary>
internal static class TimeProviderExtensions
{
    /// <summary>How many of <paramref name="time"/>'s timestamp ticks <paramref name="span"/> lasts.</summary>
    public static long TimestampTicks(this TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>The timestamp <paramref name="span"/> from now.</summary>
    public static long TimestampAfter(this TimeProvider time, TimeSpan span) => time.GetTimestamp() + time.TimestampTicks(span);

    /// <summary>What the wall clock reads at <paramref name="timestamp"/>: a time another process, whose timestamps differ, can read back with <see cref="TimestampAt"/>.</summary>
    public static DateTimeOffset WallClockAt(this TimeProvider time, long timestamp) => time.GetUtcNow() + time.GetElapsedTime(time.GetTimestamp(), timestamp);

    /// <summary>The timestamp at which the wall clock reads <paramref name="at"/>; null when it has passed.</summary>
    public static long? TimestampAt(this TimeProvider time, DateTimeOffset at) => at - time.GetUtcNow() is var left && left > TimeSpan.Zero ? time.TimestampAfter(left) : null;
}
