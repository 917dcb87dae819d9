namespace Orleans.Dispatch.Group.Calls;

/// <summary>
/// One entry of a batch a silo sends its group (<c>IConsumerGroupRouterGrain.Decide</c>): a
/// routing call (<see cref="RouteCall"/>) or the end of a dispatch (<see cref="EndCall"/>). The
/// group takes the entries one after the other, in one turn, exactly as it would take the same
/// calls sent one at a time.
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.GroupCall")]
internal abstract record GroupCall;
