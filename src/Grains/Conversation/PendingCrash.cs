namespace Orleans.Dispatch.Conversation;

/// <summary>A crash whose reroute has not started yet.</summary>
/// <param name="Consumer">The consumer that crashed.</param>
/// <param name="Failure">The crash, as text.</param>
/// <param name="ObservedAt">When the failed attempt's result reached the dispatch loop.</param>
/// <param name="ObservedTimestamp">The same instant on the high-resolution clock of <paramref name="ObservedOnSilo"/>.</param>
/// <param name="ObservedOnSilo">The silo whose clock <paramref name="ObservedTimestamp"/> reads.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.PendingCrash")]
internal sealed record PendingCrash(
    [property: Id(0)] ConsumerId Consumer,
    [property: Id(1)] string Failure,
    [property: Id(2)] DateTimeOffset ObservedAt,
    [property: Id(3)] long ObservedTimestamp,
    [property: Id(4)] string ObservedOnSilo);
