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

    /// <summary>The payload of <see cref="GrantedEvent"/>.</summary>
    internal sealed record Grant(string Group, string MessageId, long Arrival, long ServingStartedAt);
}
