namespace Orleans.Dispatch;

/// <summary>What <see cref="IDeadLetterGrain.Redispatch"/> did.</summary>
/// <param name="Redispatched">Dead letters dispatched again.</param>
/// <param name="Delivered">Of those, how many were delivered (and left the store).</param>
/// <param name="FailedAgain">Of those, how many failed again and were kept again, as new dead letters (the old ones left the store).</param>
/// <param name="Left">Of those, how many stayed in the store as they were: their dispatch ended otherwise (see <see cref="IDeadLetterGrain.Redispatch"/>).</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DeadLetterRedispatch")]
public sealed record DeadLetterRedispatch([property: Id(0)] int Redispatched, [property: Id(1)] int Delivered, [property: Id(2)] int FailedAgain, [property: Id(3)] int Left);
