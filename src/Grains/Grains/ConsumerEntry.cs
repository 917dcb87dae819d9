namespace Orleans.Dispatch.Grains;

/// <summary>One consumer's registration and live state inside its group's activation.</summary>
internal sealed class ConsumerEntry(ConsumerId id, IConsumerGrain consumer, int maxInFlight, string[] affinityTags)
{
    public ConsumerId Id { get; } = id;

    public IConsumerGrain Consumer { get; set; } = consumer;

    public int MaxInFlight { get; set; } = maxInFlight;

    public string[] AffinityTags { get; set; } = affinityTags;

    /// <summary>Attempts in flight to this consumer (leases held). Not persisted.</summary>
    public int InFlight { get; set; }

    /// <summary>The pending-buffer depth the consumer last reported. Not persisted.</summary>
    public int BufferDepth { get; set; }

    public ConsumerStateView ToView() => new(Id, MaxInFlight, InFlight, BufferDepth, AffinityTags);
}
