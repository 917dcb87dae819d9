using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Group;

/// <summary>Checks the group name a dispatch or group grain is keyed by.</summary>
internal static class GroupName
{
    /// <summary>Returns <paramref name="key"/> when it is a valid group name (the consumer id rules).</summary>
    /// <exception cref="ArgumentException">It is empty, whitespace-only, has control characters or is over 256 characters.</exception>
    public static string Validate(string key) =>
        Identifier.Check(key) is { } problem
            // The group name is the grain key, not a parameter: the message names it.
            ? throw new ArgumentException($"The group name (the grain key) {problem}.")
            : key;
}
