namespace Orleans.Dispatch.Group.Calls;

/// <summary>A consumer for the message, with a lease on one unit of its capacity taken for the asking dispatch.</summary>
/// <param name="Function">The routing function that chose it.</param>
/// <param name="Consumer">The consumer's id.</param>
/// <param name="Target">The consumer to call.</param>
/// <param name="Lease">The lease, which the dispatch gives back when the attempt ends.</param>
/// <param name="KeySequence">The message's position among its key's messages; null when unordered.</param>
/// <param name="Trial">Whether the attempt is a probing consumer's trial: if it crashes, it does not count against the message's <c>MaxAttempts</c>.</param>
/// <param name="AttemptTimeout">The attempt's own timeout, shorter than the options' (the trial of a consumer that stopped answering); null: the options' <c>AttemptTimeout</c>.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Granted")]
internal sealed record Granted(
    [property: Id(0)] string Function,
    [property: Id(1)] ConsumerId Consumer,
    [property: Id(2)] IConsumerGrain Target,
    [property: Id(3)] long Lease,
    [property: Id(4)] long? KeySequence,
    [property: Id(5)] bool Trial = false,
    [property: Id(6)] TimeSpan? AttemptTimeout = null) : RouteAnswer;
