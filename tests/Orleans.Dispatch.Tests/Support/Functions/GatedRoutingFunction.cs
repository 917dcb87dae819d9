using System.Collections.Concurrent;

namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>
/// A custom routing function that selects the first candidate it is given; its first run for a
/// message the test holds (<see cref="HoldFirstRun"/>) waits after choosing until the test releases
/// it, so the group can change under it (slow, but legal within the routing timeout).
/// </summary>
public sealed class GatedRoutingFunction : IRoutingFunction
{
    public const string Name = "gated";

    private static readonly ConcurrentDictionary<string, RoutingHold> Holds = new(StringComparer.Ordinal);

    private static int runs;

    /// <summary>How many times it ran, in this process.</summary>
    public static int Runs => Volatile.Read(ref runs);

    /// <summary>Holds the next run for <paramref name="messageId"/>.</summary>
    public static RoutingHold HoldFirstRun(string messageId) => Holds[messageId] = new RoutingHold();

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        Interlocked.Increment(ref runs);
        var pick = consumers[0].Consumer;
        if (Holds.TryRemove(message.Id, out var hold))
        {
            hold.Entered.TrySetResult();
            hold.Released.Task.Wait(TestSettings.Patience);
        }

        return RoutingDecision.Select(pick);
    }
}
