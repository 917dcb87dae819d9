namespace Orleans.Dispatch;

/// <summary>A consumer removed from its group whose attempts in flight have not ended yet.</summary>
/// <param name="Consumer">The consumer's id.</param>
/// <param name="InFlight">The attempts still in flight to it.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DrainingConsumer")]
public sealed record DrainingConsumer([property: Id(0)] ConsumerId Consumer, [property: Id(1)] int InFlight);
