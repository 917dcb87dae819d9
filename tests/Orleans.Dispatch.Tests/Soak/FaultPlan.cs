using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// Which consumer fails which message, decided by a hash of the seed, the consumer and the
/// message id, so a run is reproducible from its seed: about 8% of calls throw and 1% hang past
/// the attempt timeout (ignoring their token).
/// </summary>
public sealed class FaultPlan(int seed)
{
    public enum Fault
    {
        None,
        Throw,
        Hang,
    }

    public Fault For(string consumerKey, string messageId)
    {
        var roll = Hash(consumerKey, messageId) % 1000;
        return roll < 80 ? Fault.Throw : roll < 90 ? Fault.Hang : Fault.None;
    }

    public ConsumerBehavior Behavior => call => For(call.Key, call.Message.Id) switch
    {
        Fault.Throw => Task.FromException(new InvalidOperationException("chaos: thrown")),
        Fault.Hang => Task.Delay(ChaosSiloConfigurator.AttemptTimeout * 2),
        _ => Task.CompletedTask,
    };

    private uint Hash(string a, string b)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in a)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '|') * 16777619u;
        foreach (var c in b)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }
}
