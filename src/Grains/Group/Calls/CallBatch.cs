namespace Orleans.Dispatch.Group.Calls;

/// <summary>A batch of calls from one silo to its group, in the order its dispatches made them. Immutable, so a call within a silo passes it without a copy.</summary>
/// <param name="Calls">The calls.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.CallBatch")]
internal sealed record CallBatch([property: Id(0)] GroupCall[] Calls);
