namespace Orleans.Dispatch;

/// <summary>What <see cref="IConsumerGroupGrain.RedispatchDeadLetters"/> did.</summary>
/// <param name="Redispatched">Dead letters taken out of the store and dispatched again.</param>
/// <param name="Delivered">Of those, how many were delivered.</param>
/// <param name="FailedAgain">Of those, how many failed again (and were kept again, as new dead letters).</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DeadLetterRedispatch")]
public sealed record DeadLetterRedispatch([property: Id(0)] int Redispatched, [property: Id(1)] int Delivered, [property: Id(2)] int FailedAgain);
