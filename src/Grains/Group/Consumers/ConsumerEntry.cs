using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Group.Consumers;

/// <summary>One consumer's registration and live state inside its group's activation, with its view cached until the state changes.</summary>
internal sealed class ConsumerEntry(ConsumerId id, IConsumerGrain consumer, int maxInFlight, string[] affinityTags)
{
    private ConsumerStateView? view;
    private int maxInFlight = maxInFlight;
    private string[] affinityTags = affinityTags;
    private int inFlight;
    private int bufferDepth;

    public ConsumerId Id { get; } = id;

    /// <summary>What the group has learned of this consumer's health. Not persisted.</summary>
    public ConsumerHealthTracker Health { get; } = new();

    public IConsumerGrain Consumer { get; set; } = consumer;

    public int MaxInFlight
    {
        get => maxInFlight;
        set => Change(ref maxInFlight, value);
    }

    public string[] AffinityTags
    {
        get => affinityTags;
        set
        {
            affinityTags = value;
            view = null;
        }
    }

    /// <summary>Attempts in flight to this consumer (leases held). Not persisted.</summary>
    public int InFlight
    {
        get => inFlight;
        set => Change(ref inFlight, value);
    }

    /// <summary>The pending-buffer depth the consumer last reported. Not persisted.</summary>
    public int BufferDepth
    {
        get => bufferDepth;
        set => Change(ref bufferDepth, value);
    }

    /// <summary>The consumer's state as routing functions see it; built again only after a change.</summary>
    public ConsumerStateView View => view ??= new(Id, maxInFlight, inFlight, bufferDepth, affinityTags);

    private void Change(ref int field, int value)
    {
        if (field != value)
        {
            field = value;
            view = null;
        }
    }
}
