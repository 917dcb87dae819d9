using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.BuiltIn;

namespace Orleans.Dispatch;

/// <summary>The built-in routing functions, for a function of your own that delegates to one, and for tests and benchmarks of one.</summary>
public static class RoutingFunctions
{
    private static readonly RoutingFunctionRegistry BuiltIns = new(BuiltInRoutingFunctions.All, new ServiceCollection().BuildServiceProvider());

    /// <summary>
    /// Creates a fresh instance of the built-in function <paramref name="name"/> names, as a group
    /// activation does: <c>round-robin</c>, <c>least-loaded</c>, <c>first-available</c>,
    /// <c>affinity:&lt;field&gt;</c>, <c>by-field:&lt;field&gt;</c> or <c>consistent-hash:&lt;field&gt;</c>.
    /// An instance may keep state between decisions (round-robin's turn): use one per group, one decision at a time.
    /// </summary>
    /// <param name="name">The function's name, with its field where it takes one.</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> names no built-in function, or its field is missing or not valid.</exception>
    public static IRoutingFunction CreateBuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BuiltIns.TryCreate(name, out var problem) ?? throw new ArgumentException($"No built-in routing function: {problem}", nameof(name));
    }
}
