using System.Globalization;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// The key of a worker process's grain: the group, the consumer id and the process's session, each
/// length-prefixed so that no two triples share a key. A new process of the same worker (a restart)
/// draws a new session, so it is a new grain and a new consumer to the group. A stream worker's
/// key also names the silo serving its stream, where its grain is always placed (see
/// <see cref="ServingSilo"/>).
/// </summary>
internal static class WorkerKey
{
    /// <summary>The length of a session in a key (a <see cref="Guid"/> in its "N" format).</summary>
    private const int SessionLength = 32;

    public static string For(string group, ConsumerId consumer, Guid session) =>
        string.Create(CultureInfo.InvariantCulture, $"{group.Length}:{group}/{consumer.Value.Length}:{consumer.Value}/{session:N}");

    /// <summary>The key of a stream worker's grain: <see cref="For"/>, then the silo serving the stream.</summary>
    public static string ForStream(string group, ConsumerId consumer, Guid session, SiloAddress silo)
    {
        var serving = silo.ToParsableString();
        return string.Create(CultureInfo.InvariantCulture, $"{For(group, consumer, session)}/{serving.Length}:{serving}");
    }

    /// <summary>The silo serving the stream of a stream worker's key; null for any other key.</summary>
    public static SiloAddress? ServingSilo(string key)
    {
        var group = Segment(key, 0, out var next);
        var consumer = group is null ? null : Segment(key, next, out next);
        if (consumer is null || next + SessionLength >= key.Length || key[next + SessionLength] != '/')
        {
            return null;
        }

        var serving = Segment(key, next + SessionLength + 1, out _, last: true);
        try
        {
            return serving is null ? null : SiloAddress.FromParsableString(serving);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The group and consumer id in <paramref name="key"/>; null when it is not a worker key.</summary>
    public static (string Group, ConsumerId Consumer)? Parse(string key)
    {
        var group = Segment(key, 0, out var next);
        var consumer = group is null ? null : Segment(key, next, out _);
        return consumer is null || Identifier.Check(consumer) is not null ? null : (group!, new ConsumerId(consumer));
    }

    /// <summary>The length-prefixed segment at <paramref name="start"/>: followed by a separator, or ending the key when <paramref name="last"/>.</summary>
    private static string? Segment(string key, int start, out int next, bool last = false)
    {
        next = -1;
        var colon = key.IndexOf(':', start);
        if (colon < 0 || !int.TryParse(key.AsSpan(start, colon - start), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || (last ? colon + 1 + length != key.Length : colon + 1 + length >= key.Length))
        {
            return null;
        }

        next = colon + 1 + length + 1;
        return key.Substring(colon + 1, length);
    }
}
