using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>
/// Reads the waiting line's diagnostic events (<c>DiagnosticListener</c> "Orleans.Dispatch.WaitingLine")
/// by their payloads' property names, as any listener outside the library would: the bench sees no
/// internal type of the packages.
/// </summary>
internal static class WaitingLineEvents
{
    public const string ListenerName = "Orleans.Dispatch.WaitingLine";

    public const string GrantedEvent = "Granted";

    public const string AttemptSentEvent = "AttemptSent";

    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo> Properties = new();

    public static WaitingLineGrant ReadGrant(object payload) => new(
        Read<string>(payload, "Group"), Read<string>(payload, "MessageId"), Read<long>(payload, "Arrival"), Read<long>(payload, "ServingStartedAt"));

    public static (string MessageId, long SentAt) ReadAttempt(object payload) => (Read<string>(payload, "MessageId"), Read<long>(payload, "SentAt"));

    private static T Read<T>(object payload, string name)
    {
        var property = Properties.GetOrAdd((payload.GetType(), name), static key =>
            key.Item1.GetProperty(key.Item2) ?? throw new InvalidOperationException($"The waiting line's event {key.Item1.Name} has no property {key.Item2}."));
        return (T)property.GetValue(payload)!;
    }
}
