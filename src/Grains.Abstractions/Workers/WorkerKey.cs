using System.Globalization;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// The key of a worker process's grain: the group, the consumer id and the process's session, each
/// length-prefixed so that no two triples share a key. A new process of the same worker (a restart)
/// draws a new session, so it is a new grain and a new consumer to the group.
/// </summary>
internal static class WorkerKey
{
    public static string For(string group, ConsumerId consumer, Guid session) =>
        string.Create(CultureInfo.InvariantCulture, $"{group.Length}:{group}/{consumer.Value.Length}:{consumer.Value}/{session:N}");

    /// <summary>The group and consumer id in <paramref name="key"/>; null when it is not a worker key.</summary>
    public static (string Group, ConsumerId Consumer)? Parse(string key)
    {
        var group = Segment(key, 0, out var next);
        var consumer = group is null ? null : Segment(key, next, out _);
        return consumer is null || Identifier.Check(consumer) is not null ? null : (group!, new ConsumerId(consumer));
    }

    private static string? Segment(string key, int start, out int next)
    {
        next = -1;
        var colon = key.IndexOf(':', start);
        if (colon < 0 || !int.TryParse(key.AsSpan(start, colon - start), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || colon + 1 + length >= key.Length)
        {
            return null;
        }

        next = colon + 1 + length + 1;
        return key.Substring(colon + 1, length);
    }
}
