namespace Orleans.Dispatch;

/// <summary>
/// The routing function selected an id that is not among the remaining consumers: not in the
/// group, or already excluded for this message after a crash.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.UnknownConsumerSelectedException")]
public sealed class UnknownConsumerSelectedException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public UnknownConsumerSelectedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnknownConsumerSelectedException(string messageId, string group, string routingFunction, ConsumerId consumer, IReadOnlyList<RerouteTiming>? crashes)
        : base(messageId, group, $"Routing function '{routingFunction}' of group '{group}' selected consumer '{consumer}' for message '{messageId}', which is not among the remaining consumers (not in the group, or excluded after a crash).", crashes)
    {
        Consumer = consumer;
        RoutingFunction = routingFunction;
    }

    /// <summary>Gets the id the routing function selected.</summary>
    [Id(0)]
    public ConsumerId? Consumer { get; private set; }

    /// <summary>Gets the name of the routing function.</summary>
    [Id(1)]
    public string RoutingFunction { get; private set; } = string.Empty;
}
