namespace Orleans.Dispatch.Group.Calls;

/// <summary>
/// The group's answer to a <see cref="RouteRequest"/>, one of a closed set: <see cref="Granted"/>
/// (a consumer with a lease on its capacity), or why there is none for now
/// (<see cref="Wait"/>, <see cref="RouteAgain"/>, <see cref="InProgress"/>, <see cref="Overloaded"/>,
/// and <see cref="Deferred"/>, which only the silo's batching sees),
/// or for good (<see cref="NoConsumer"/>, <see cref="UnknownConsumer"/>,
/// <see cref="EvaluationFailed"/>, <see cref="Recorded"/>, <see cref="Conflict"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteAnswer")]
internal abstract record RouteAnswer;
