using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.Supervision;

namespace Orleans.Dispatch.Group.Decisions;

/// <summary>
/// A group activation's routing functions: one instance per name, built on first use (a function
/// may keep per-group state), replaced after it overran, and quarantined for this group when it
/// overruns too often.
/// </summary>
internal sealed class GroupFunctions(RoutingFunctionRegistry registry, DispatchOptions options, TimeProvider time, string silo)
{
    private readonly Dictionary<string, IRoutingFunction> instances = new(StringComparer.Ordinal);
    private readonly FunctionQuarantine quarantine = new(
        options.QuarantineAfterOverruns,
        time.TimestampTicks(options.QuarantineWindow),
        time.TimestampTicks(options.QuarantineDuration));

    /// <summary>The instance of <paramref name="name"/>, or null with why it is not registered on this silo.</summary>
    public IRoutingFunction? Get(string name, out string? problem)
    {
        problem = null;
        if (instances.TryGetValue(name, out var function))
        {
            return function;
        }

        function = registry.TryCreate(name, out problem);
        if (function is not null)
        {
            instances[name] = function;
        }
        else
        {
            problem = $"it is not registered on silo {silo}: {problem}";
        }

        return function;
    }

    /// <summary>How much longer <paramref name="name"/> is quarantined, or null when it is not.</summary>
    public TimeSpan? QuarantinedFor(string name) =>
        quarantine.IsQuarantined(name, time.GetTimestamp(), out var until) ? time.GetElapsedTime(time.GetTimestamp(), until) : null;

    /// <summary>
    /// Counts an overrun of <paramref name="name"/>: the abandoned run may still be executing, so
    /// the next decision gets a fresh instance. True when the function now enters quarantine.
    /// </summary>
    public bool Overran(string name)
    {
        instances.Remove(name);
        return quarantine.RecordOverrun(name, time.GetTimestamp());
    }

    /// <summary>Lifts every quarantine: the group's function was set again.</summary>
    public void ClearQuarantine() => quarantine.Clear();
}
