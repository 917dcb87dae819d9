using System.Diagnostics;

namespace Orleans.Dispatch.Diagnostics;

/// <summary>
/// What the waiting line does, as <see cref="DiagnosticListener"/> events for in-process observers
/// (the benchmark measures release-to-grant latency and grant order with it). Free when nobody listens.
/// </summary>
internal static class WaitingLineDiagnostics
{
    public const string ListenerName = "Orleans.Dispatch.WaitingLine";

    public const string GrantedEvent = "Granted";

    public const string AttemptSentEvent = "AttemptSent";

    private static readonly DiagnosticListener Listener = new(ListenerName);

    /// <summary>
    /// A waiter was granted a consumer: its message, its place in the line by arrival, and the
    /// timestamp (<see cref="Stopwatch"/> clock) of the serving pass, which began in the turn that made room.
    /// </summary>
    public static void Granted(string group, string messageId, long arrival, long servingStartedAt)
    {
        if (Listener.IsEnabled(GrantedEvent))
        {
            Listener.Write(GrantedEvent, new Grant(group, messageId, arrival, servingStartedAt));
        }
    }

    /// <summary>A delivery attempt of <paramref name="messageId"/> is being sent to its consumer, now (<see cref="Stopwatch"/> clock).</summary>
    public static void AttemptSent(string messageId)
    {
        if (Listener.IsEnabled(AttemptSentEvent))
        {
            Listener.Write(AttemptSentEvent, new Attempt(messageId, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>The payload of <see cref="AttemptSentEvent"/>.</summary>
    internal sealed record Attempt(string MessageId, long SentAt);

    /// <summary>The payload of <see cref="GrantedEvent"/>.</summary>
    internal sealed record Grant(string Group, string MessageId, long Arrival, long ServingStartedAt);
}
