namespace Orleans.Dispatch.Grains;

/// <summary>A conversation's request for a routing decision.</summary>
/// <param name="Message">The message without its payload.</param>
/// <param name="RoutingFunction">The function the dispatch started with; null on the first decision (the group's function in force).</param>
/// <param name="Excluded">The consumers that crashed for this message.</param>
/// <param name="ReleaseLease">The lease of the previous, crashed attempt to release first; 0 when none.</param>
/// <param name="Fingerprint">
/// On the first decision, the message's content fingerprint: the group answers with its record
/// when the message id already ended within the idempotency window. <see cref="Guid.Empty"/> on later decisions.
/// </param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteRequest")]
internal sealed record RouteRequest(
    [property: Id(0)] RoutingMessage Message,
    [property: Id(1)] string? RoutingFunction,
    [property: Id(2)] ConsumerId[] Excluded,
    [property: Id(3)] long ReleaseLease,
    [property: Id(4)] Guid Fingerprint);
