namespace Orleans.Dispatch.Group.Calls;

/// <summary>The group's answers to a <see cref="CallBatch"/>, one per call, in its order. Immutable, so a call within a silo passes it without a copy.</summary>
/// <param name="Answers">The answers.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.AnswerBatch")]
internal sealed record AnswerBatch([property: Id(0)] RouteAnswer[] Answers);
