namespace Orleans.Dispatch.Group.Calls;

/// <summary>Nobody can take the message: the group is empty, every consumer was excluded, or the function chose nobody.</summary>
/// <param name="Function">The routing function in force for the dispatch.</param>
/// <param name="Reason">Why, for the dispatch's failure.</param>
/// <param name="OutOfRotation">The consumers the group held but did not offer (ejected or cordoned), when that is why nobody could take it; else null.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.NoConsumer")]
internal sealed record NoConsumer([property: Id(0)] string Function, [property: Id(1)] string Reason, [property: Id(2)] ConsumerId[]? OutOfRotation = null) : RouteAnswer;
