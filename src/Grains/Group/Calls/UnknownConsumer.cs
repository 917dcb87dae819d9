namespace Orleans.Dispatch.Group.Calls;

/// <summary>The routing function chose an id that is not among the remaining consumers.</summary>
/// <param name="Function">The routing function.</param>
/// <param name="Consumer">The id it chose.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.UnknownConsumer")]
internal sealed record UnknownConsumer([property: Id(0)] string Function, [property: Id(1)] ConsumerId Consumer) : RouteAnswer;
