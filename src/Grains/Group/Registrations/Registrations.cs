using System.Globalization;
using Orleans.Runtime;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Group.HandOver;

namespace Orleans.Dispatch.Group.Registrations;

/// <summary>A group's persisted registrations: the next state for a change, and the live table made to match a state.</summary>
internal static class Registrations
{
    /// <summary>The state with <paramref name="registration"/> added, or replacing the one with its id.</summary>
    public static ConsumerGroupState With(this ConsumerGroupState state, ConsumerRegistration registration, bool listed, WorkerInfo? worker = null)
    {
        var stored = new StoredConsumer
        {
            Id = registration.Id.Value,
            GrainId = registration.Consumer.GetGrainId().ToString(),
            MaxInFlight = registration.MaxInFlight,
            AffinityTags = registration.SortedTags,
            Worker = worker,
        };
        var consumers = state.Consumers.Where(c => c.Id != stored.Id).Append(stored).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        return state.Next(consumers: consumers, listed: listed);
    }

    /// <summary>The consumers that are worker processes, by id.</summary>
    public static IReadOnlyDictionary<ConsumerId, WorkerInfo> Workers(this ConsumerGroupState state) =>
        state.Consumers.Where(c => c.Worker is not null).ToDictionary(c => new ConsumerId(c.Id), c => c.Worker!);

    /// <summary>The state without the consumer <paramref name="consumer"/>.</summary>
    public static ConsumerGroupState Without(this ConsumerGroupState state, ConsumerId consumer) =>
        state.Next(consumers: [.. state.Consumers.Where(c => c.Id != consumer.Value)]);

    /// <summary>The state with the routing function <paramref name="function"/>.</summary>
    public static ConsumerGroupState WithFunction(this ConsumerGroupState state, string function, bool listed) =>
        state.Next(listed: listed, function: function);

    /// <summary>The state with the ordering field <paramref name="field"/> (null: unordered).</summary>
    public static ConsumerGroupState WithOrderingKey(this ConsumerGroupState state, string? field, bool listed) =>
        state.Next(listed: listed, orderingKey: field, orderingKeyChanged: true);

    /// <summary>The state with the hand-over <paramref name="handOver"/> (null: none).</summary>
    public static ConsumerGroupState WithHandOver(this ConsumerGroupState state, GroupHandOver? handOver) =>
        state.Next(handOver: handOver);

    /// <summary>The state with <paramref name="consumer"/> cordoned, or not.</summary>
    public static ConsumerGroupState WithCordon(this ConsumerGroupState state, ConsumerId consumer, bool cordoned) =>
        state.Next(cordoned: [.. state.Cordoned.Where(c => c != consumer.Value).Concat(cordoned ? [consumer.Value] : []).Order(StringComparer.Ordinal)]);

    /// <summary>The state with the group's own consumer-health policy (null: the silo's).</summary>
    public static ConsumerGroupState WithHealth(this ConsumerGroupState state, ConsumerHealthPolicy? health) =>
        state.Next(health: health, healthChanged: true);

    /// <summary>
    /// The next state: this one with what is given replaced. The hand-over is dropped unless given
    /// (the next activation has read it by the time anything changes).
    /// </summary>
    private static ConsumerGroupState Next(
        this ConsumerGroupState state,
        List<StoredConsumer>? consumers = null,
        bool? listed = null,
        string? function = null,
        string? orderingKey = null,
        bool orderingKeyChanged = false,
        GroupHandOver? handOver = null,
        List<string>? cordoned = null,
        ConsumerHealthPolicy? health = null,
        bool healthChanged = false) => new()
        {
            RoutingFunction = function ?? state.RoutingFunction,
            Consumers = consumers ?? state.Consumers,
            Listed = listed ?? state.Listed,
            OrderingKey = orderingKeyChanged ? orderingKey : state.OrderingKey,
            HandOver = handOver,
            Cordoned = cordoned ?? state.Cordoned,
            Health = healthChanged ? health : state.Health,
        };

    /// <summary>
    /// Makes <paramref name="table"/> hold exactly the registrations of <paramref name="state"/>:
    /// new ids are added, changed ones updated (keeping their live counts), missing ones removed.
    /// </summary>
    public static void ApplyTo(this ConsumerGroupState state, ConsumerTable table, IGrainFactory grains)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var consumer in state.Consumers)
        {
            stored.Add(consumer.Id);
            Apply(consumer, table, grains);
        }

        foreach (var entry in table.Ordered.ToList())
        {
            if (!stored.Contains(entry.Id.Value))
            {
                table.Remove(entry.Id);
            }
        }
    }

    /// <summary>Makes <paramref name="table"/>'s entry for <paramref name="consumer"/> match <paramref name="state"/> (the one registration a change touched).</summary>
    public static void ApplyTo(this ConsumerGroupState state, ConsumerTable table, IGrainFactory grains, ConsumerId consumer)
    {
        if (state.Consumers.Find(c => c.Id == consumer.Value) is { } stored)
        {
            Apply(stored, table, grains);
        }
        else
        {
            table.Remove(consumer);
        }
    }

    private static void Apply(StoredConsumer consumer, ConsumerTable table, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IConsumerGrain>(GrainId.Parse(consumer.GrainId, CultureInfo.InvariantCulture));
        table.AddOrUpdate(new ConsumerId(consumer.Id), grain, consumer.MaxInFlight, consumer.AffinityTags);
    }
}
