namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// Marks the library's own routing functions: bounded, non-blocking code that the group runs
/// inline instead of on a supervised thread-pool work item.
/// </summary>
internal interface IBuiltInRoutingFunction : IRoutingFunction
{
}
