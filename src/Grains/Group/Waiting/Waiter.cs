using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;

namespace Orleans.Dispatch.Group.Waiting;

/// <summary>
/// A dispatch in its group's waiting line: the routing call to decide again when capacity
/// appears, and the grant it waits for (the decision, with its lease taken in the same turn).
/// </summary>
internal sealed class Waiter(Claim claim, RouteRequest request, string function, long enteredAt)
{
    public Claim Claim { get; } = claim;

    /// <summary>The routing call that got <see cref="RoutingDecision.Wait"/>.</summary>
    public RouteRequest Request { get; } = request;

    public string Function { get; } = function;

    /// <summary>When it entered the line (timestamp).</summary>
    public long EnteredAt { get; } = enteredAt;

    /// <summary>Completed with the decision once the group grants it a consumer (or ends it another way).</summary>
    public TaskCompletionSource<RouteAnswer> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
