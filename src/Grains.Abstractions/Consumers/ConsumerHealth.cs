namespace Orleans.Dispatch;

/// <summary>Where a consumer stands in its group's health tracking (see <see cref="ConsumerHealthPolicy"/>).</summary>
public enum ConsumerHealth
{
    /// <summary>In rotation.</summary>
    Healthy = 0,

    /// <summary>Back from an ejection after a trial that succeeded: its capacity grows from one message to its <c>MaxInFlight</c> over <see cref="ConsumerHealthPolicy.SlowStart"/>.</summary>
    Ramping = 1,

    /// <summary>Its ejection ran out: it gets one trial message at a time; a delivery brings it back (ramping), a crash ejects it again for longer.</summary>
    Probing = 2,

    /// <summary>It holds messages and has answered none for many times the group's recent latency while its peers answer: it gets no new message until it answers.</summary>
    Suspect = 3,

    /// <summary>It met the ejection rule, but ejecting it would pass <see cref="ConsumerHealthPolicy.MaxEjectedShare"/>: it gets messages only when every healthy consumer is full.</summary>
    Degraded = 4,

    /// <summary>Out of rotation until its ejection runs out (then <see cref="Probing"/>).</summary>
    Ejected = 5,

    /// <summary>Taken out of rotation by an operator (<see cref="IConsumerGroupGrain.Cordon"/>) until uncordoned.</summary>
    Cordoned = 6,
}
