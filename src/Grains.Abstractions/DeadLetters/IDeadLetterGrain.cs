namespace Orleans.Dispatch;

/// <summary>
/// A consumer group's dead letters, keyed by the group name: the messages it could not deliver
/// (no consumer; <c>MaxAttempts</c> or <c>DispatchTimeout</c> reached), oldest first.
/// </summary>
/// <remarks>
/// Served beside the group, never by it: listing, purging and re-dispatching wait on storage and
/// on dispatches, and none of it holds the group's turn or its deactivation.
/// </remarks>
[Alias("Orleans.Dispatch.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    /// <summary>Gets the oldest dead letters, in the order they were kept.</summary>
    /// <param name="max">The most to return, from 1 to 10,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The group name (the grain key) is invalid.</exception>
    [Alias("List")]
    Task<IReadOnlyList<DeadLetter>> List(int max = 100);

    /// <summary>Gets the newest dead letters, newest first.</summary>
    /// <param name="max">The most to return, from 1 to 10,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The group name (the grain key) is invalid.</exception>
    [Alias("ListNewest")]
    Task<IReadOnlyList<DeadLetter>> ListNewest(int max = 100);

    /// <summary>
    /// Dispatches up to <paramref name="max"/> of the oldest dead letters again, each with its own
    /// message id (the group forgets the recorded failure first). A letter leaves the store only
    /// once its new dispatch ended: delivered, or failed again and kept again as a new dead letter.
    /// A letter whose dispatch ended otherwise (the group unreachable, the message now over the
    /// silo's limits, a routing function failing) stays where it was.
    /// </summary>
    /// <param name="max">The most to dispatch again, from 1 to 10,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The group name (the grain key) is invalid.</exception>
    [Alias("Redispatch")]
    Task<DeadLetterRedispatch> Redispatch(int max = 100);

    /// <summary>Counts the group's dead letters (from the store's index: no letter is read).</summary>
    /// <exception cref="ArgumentException">The group name (the grain key) is invalid.</exception>
    [Alias("Count")]
    Task<int> Count();

    /// <summary>Deletes every dead letter of the group.</summary>
    /// <returns>How many were deleted.</returns>
    /// <exception cref="ArgumentException">The group name (the grain key) is invalid.</exception>
    [Alias("Purge")]
    Task<int> Purge();
}
