namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>Selects the last candidate by id, ignoring capacity.</summary>
public sealed class PickLastRoutingFunction : IRoutingFunction
{
    public const string Name = "pick-last";

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers) =>
        RoutingDecision.Select(consumers[^1].Consumer);
}
