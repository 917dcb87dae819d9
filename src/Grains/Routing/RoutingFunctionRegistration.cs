namespace Orleans.Dispatch.Routing;

/// <summary>A routing function registered on the silo under <see cref="Name"/>.</summary>
/// <param name="Name">The name before any colon.</param>
/// <param name="TakesField">Whether the name is followed by <c>:&lt;field&gt;</c>.</param>
/// <param name="Factory">Builds an instance for one group activation, given the field (null when <paramref name="TakesField"/> is false).</param>
internal sealed record RoutingFunctionRegistration(string Name, bool TakesField, Func<IServiceProvider, string?, IRoutingFunction> Factory)
{
    /// <summary>The name as users write it: <c>round-robin</c> or <c>by-field:&lt;field&gt;</c>.</summary>
    public string DisplayName => TakesField ? $"{Name}:<field>" : Name;
}
