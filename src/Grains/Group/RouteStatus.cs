namespace Orleans.Dispatch.Group;

/// <summary>What a routing decision produced.</summary>
internal enum RouteStatus
{
    Selected = 0,
    NoConsumer = 1,
    UnknownConsumer = 2,
    EvaluationFailed = 3,

    /// <summary>The message id already ended within the idempotency window: <see cref="RouteResult.Record"/> says how.</summary>
    Recorded = 4,

    /// <summary>The message id is in progress or ended within the idempotency window with different fields or payload.</summary>
    Conflict = 5,

    /// <summary>A dispatch of the message id is in progress: wait for it with <see cref="IConsumerGroupRouterGrain.AwaitOutcome"/>.</summary>
    InProgress = 6,

    /// <summary>Every candidate is at capacity: the dispatch waits in the group's line; ask for the grant with <see cref="IConsumerGroupRouterGrain.AwaitGrant"/>.</summary>
    Waiting = 7,

    /// <summary>The line is full (<see cref="DispatchOptions.MaxWaitingPerGroup"/>): <see cref="RouteResult.Detail"/> holds how many wait.</summary>
    Overloaded = 8,

    /// <summary>The group does not know the dispatch as waiting (it re-activated, or the claim expired): route again.</summary>
    NotWaiting = 9,
}
