namespace Orleans.Dispatch;

/// <summary>A message its group could not deliver, kept in the group's dead-letter store.</summary>
/// <param name="Sequence">Its place in the group's store: dead letters are numbered in the order they were kept.</param>
/// <param name="Message">The message, with its fields and payload.</param>
/// <param name="Failure">The kind of failure: the exception type name (<c>NoConsumerAvailableException</c> or <c>DispatchExhaustedException</c>).</param>
/// <param name="Reason">The failure's message.</param>
/// <param name="ReroutedFrom">The consumers that crashed for it, in order.</param>
/// <param name="FailedAt">When the dispatch failed.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] long Sequence,
    [property: Id(1)] RoutingMessage Message,
    [property: Id(2)] string Failure,
    [property: Id(3)] string Reason,
    [property: Id(4)] IReadOnlyList<ConsumerId> ReroutedFrom,
    [property: Id(5)] DateTimeOffset FailedAt)
{
    /// <summary>The bytes it counts against <c>DispatchOptions.DeadLetterMaxBytes</c>: its payload, and its field names and values as text.</summary>
    public long Size => Message.Payload.Length + Message.Fields.Sum(f => 2L * (f.Key.Length + f.Value.ToString().Length)) + 2L * (Message.Id.Length + Reason.Length);
}
