using Orleans.Dispatch.Group.HandOver;

namespace Orleans.Dispatch.Group.Registrations;

/// <summary>What a group persists: its registrations and its routing function's name. Replaced whole on every change, never mutated; the hand-over between activations rides with it.</summary>
[GenerateSerializer, Alias("Orleans.Dispatch.ConsumerGroupState")]
internal sealed class ConsumerGroupState
{
    /// <summary>The routing function's name, or null for <see cref="DispatchOptions.DefaultRoutingFunction"/>.</summary>
    [Id(0)]
    public string? RoutingFunction { get; set; }

    /// <summary>The registrations, ordered by id.</summary>
    [Id(1)]
    public List<StoredConsumer> Consumers { get; set; } = [];

    /// <summary>Whether the group is listed in the group registry.</summary>
    [Id(2)]
    public bool Listed { get; set; }

    /// <summary>The field whose value orders messages per key, or null when they are unordered.</summary>
    [Id(3)]
    public string? OrderingKey { get; set; }

    /// <summary>
    /// What the last activation handed over when it deactivated with dispatches in progress, for
    /// the next one to go on from; null otherwise. Every registration change drops it (the next
    /// activation has read it by then).
    /// </summary>
    [Id(4)]
    public GroupHandOver? HandOver { get; set; }

    /// <summary>The consumers an operator cordoned, by id, ordered.</summary>
    [Id(5)]
    public List<string> Cordoned { get; set; } = [];

    /// <summary>The group's own consumer-health policy, or null for the silo's <see cref="DispatchOptions.ConsumerHealth"/>.</summary>
    [Id(6)]
    public ConsumerHealthPolicy? Health { get; set; }
}
