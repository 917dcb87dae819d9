namespace Orleans.Dispatch;

/// <summary>
/// The group's routing function could not produce a decision: it threw, it ran past its time
/// limit, or it is not registered on the silo running the group. The group keeps working.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.RoutingEvaluationException")]
public sealed class RoutingEvaluationException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public RoutingEvaluationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RoutingEvaluationException(string messageId, string group, string routingFunction, RoutingEvaluationFailure failure, string detail, IReadOnlyList<RerouteTiming>? crashes)
        : base(messageId, group, $"Routing function '{routingFunction}' of group '{group}' failed for message '{messageId}' ({failure}): {detail}", crashes)
    {
        RoutingFunction = routingFunction;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>Gets the name of the routing function.</summary>
    [Id(0)]
    public string RoutingFunction { get; private set; } = string.Empty;

    /// <summary>Gets how the function failed.</summary>
    [Id(1)]
    public RoutingEvaluationFailure Failure { get; private set; }

    /// <summary>Gets the detail: the function's exception, the time limit, or the registered names.</summary>
    [Id(2)]
    public string Detail { get; private set; } = string.Empty;
}
