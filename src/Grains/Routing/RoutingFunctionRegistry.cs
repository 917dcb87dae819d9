using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Routing;

/// <summary>The routing functions registered on this silo, by name; builds instances for group activations.</summary>
internal sealed class RoutingFunctionRegistry
{
    private readonly Dictionary<string, RoutingFunctionRegistration> registrations = new(StringComparer.Ordinal);
    private readonly IServiceProvider services;

    public RoutingFunctionRegistry(IEnumerable<RoutingFunctionRegistration> registrations, IServiceProvider services)
    {
        this.services = services;
        foreach (var registration in registrations)
        {
            if (!this.registrations.TryAdd(registration.Name, registration))
            {
                throw new InvalidOperationException($"The routing function name '{registration.Name}' is registered twice.");
            }
        }
    }

    /// <summary>The registered names as users write them, sorted.</summary>
    public IEnumerable<string> DisplayNames => registrations.Values.Select(r => r.DisplayName).Order(StringComparer.Ordinal);

    /// <summary>Returns why <paramref name="name"/> does not name a registered function, or null when it does.</summary>
    public string? Check(string? name) => Resolve(name, out _, out _);

    /// <summary>Builds a fresh instance of the function <paramref name="name"/> names, or says why it cannot.</summary>
    public IRoutingFunction? TryCreate(string name, out string? problem)
    {
        problem = Resolve(name, out var registration, out var field);
        return problem is null ? registration!.Factory(services, field) : null;
    }

    private string? Resolve(string? name, out RoutingFunctionRegistration? registration, out string? field)
    {
        registration = null;
        field = null;
        if (name is null)
        {
            return "the routing function name is null.";
        }

        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var baseName = colon < 0 ? name : name[..colon];
        if (!registrations.TryGetValue(baseName, out registration))
        {
            return $"unknown routing function '{name}'. Registered: {string.Join(", ", DisplayNames)}.";
        }

        if (!registration.TakesField)
        {
            return colon < 0 ? null : $"routing function '{baseName}' takes no argument, but '{name}' has one.";
        }

        field = colon < 0 ? null : name[(colon + 1)..];
        var fieldProblem = Identifier.Check(field);
        if (fieldProblem is not null)
        {
            field = null;
            return $"routing function '{baseName}' needs a field name after the colon, as in '{baseName}:<field>'; in '{name}' the field name {fieldProblem}.";
        }

        return null;
    }
}
