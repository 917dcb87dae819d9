namespace Orleans.Dispatch.Grains;

/// <summary>What a routing decision produced.</summary>
internal enum RouteStatus
{
    Selected = 0,
    NoConsumer = 1,
    UnknownConsumer = 2,
    EvaluationFailed = 3,
}
