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
        return new ConsumerGroupState { RoutingFunction = state.RoutingFunction, Consumers = consumers, Listed = listed, OrderingKey = state.OrderingKey };
    }

    /// <summary>The consumers that are worker processes, by id.</summary>
    public static IReadOnlyDictionary<ConsumerId, WorkerInfo> Workers(this ConsumerGroupState state) =>
        state.Consumers.Where(c => c.Worker is not null).ToDictionary(c => new ConsumerId(c.Id), c => c.Worker!);

    /// <summary>The state without the consumer <paramref name="consumer"/>.</summary>
    public static ConsumerGroupState Without(this ConsumerGroupState state, ConsumerId consumer) =>
        new() { RoutingFunction = state.RoutingFunction, Consumers = [.. state.Consumers.Where(c => c.Id != consumer.Value)], Listed = state.Listed, OrderingKey = state.OrderingKey };

    /// <summary>The state with the routing function <paramref name="function"/>.</summary>
    public static ConsumerGroupState WithFunction(this ConsumerGroupState state, string function, bool listed) =>
        new() { RoutingFunction = function, Consumers = state.Consumers, Listed = listed, OrderingKey = state.OrderingKey };

    /// <summary>The state with the ordering field <paramref name="field"/> (null: unordered).</summary>
    public static ConsumerGroupState WithOrderingKey(this ConsumerGroupState state, string? field, bool listed) =>
        new() { RoutingFunction = state.RoutingFunction, Consumers = state.Consumers, Listed = listed, OrderingKey = field };

    /// <summary>The state with the hand-over <paramref name="handOver"/> (null: none).</summary>
    public static ConsumerGroupState WithHandOver(this ConsumerGroupState state, GroupHandOver? handOver) =>
        new() { RoutingFunction = state.RoutingFunction, Consumers = state.Consumers, Listed = state.Listed, OrderingKey = state.OrderingKey, HandOver = handOver };

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
