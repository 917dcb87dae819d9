using System.Collections.Concurrent;

namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>
/// The behaviour and the receipts of every test consumer, by grain key. Test-cluster silos run
/// in the test process, so this survives a silo being killed: a killed silo cannot take its
/// consumers' receipts along.
/// </summary>
public static class ConsumerScript
{
    private static readonly ConcurrentDictionary<string, ConsumerBehavior> Behaviors = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<RoutingMessage>> Received = new(StringComparer.Ordinal);

    public static void Set(string key, ConsumerBehavior behavior) => Behaviors[key] = behavior;

    /// <summary>Every message the consumer's <c>Consume</c> was called with, in order of arrival.</summary>
    public static IReadOnlyList<RoutingMessage> Receipts(string key) =>
        Received.TryGetValue(key, out var queue) ? [.. queue] : [];

    public static Task Run(string key, RoutingMessage message, CancellationToken token)
    {
        Received.GetOrAdd(key, static _ => new ConcurrentQueue<RoutingMessage>()).Enqueue(message);
        return Behaviors.TryGetValue(key, out var behavior) ? behavior(new ConsumerCall(key, message, token)) : Task.CompletedTask;
    }
}
