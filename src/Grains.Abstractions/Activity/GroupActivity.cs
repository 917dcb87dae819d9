namespace Orleans.Dispatch;

/// <summary>
/// A group's recent activity, second by second, from its grain: figures are cluster-wide (every
/// dispatch of the group ends at its grain, whichever silo ran it). Kept in memory by the group's
/// activation: a group that re-activates (its silo lost, idle collection) starts again from zero.
/// </summary>
/// <param name="Group">The group.</param>
/// <param name="Seconds">One entry per second, oldest first, ending with the current (incomplete) second; seconds without activity included, as zeros.</param>
/// <param name="Recent">The last <see cref="RecentSeconds"/> complete seconds together, with their latency percentiles.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.GroupActivity")]
public sealed record GroupActivity(
    [property: Id(0)] string Group,
    [property: Id(1)] IReadOnlyList<ActivityFigures> Seconds,
    [property: Id(2)] ActivityFigures Recent)
{
    /// <summary>How many seconds of activity a group keeps: five minutes.</summary>
    public const int MaxSeconds = 300;

    /// <summary>How many complete seconds <see cref="Recent"/> sums.</summary>
    public const int RecentSeconds = 10;
}
