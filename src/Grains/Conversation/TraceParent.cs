using System.Diagnostics;

namespace Orleans.Dispatch.Conversation;

/// <summary>A span's context as a W3C <c>traceparent</c>, so a dispatch's attempts in its conversation grain stay children of its span.</summary>
internal static class TraceParent
{
    /// <summary>The context as <c>00-{trace}-{span}-{flags}</c>; null when there is none.</summary>
    public static string? Format(ActivityContext context) =>
        context == default ? null : $"00-{context.TraceId}-{context.SpanId}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    /// <summary>The context <paramref name="traceParent"/> describes; none when it is null or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
