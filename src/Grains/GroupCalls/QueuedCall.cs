using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.GroupCalls;

/// <summary>A call waiting in a <see cref="CallQueue"/> to go to the group in a batch.</summary>
/// <param name="Call">The call to the group.</param>
/// <param name="Answer">Where its answer goes; null for an end nobody waits for.</param>
/// <param name="Cancels">The registration that cancels <paramref name="Answer"/> with the dispatch (the call still goes).</param>
/// <param name="Bytes">Roughly how many bytes it takes in a batch.</param>
/// <param name="Again">Whether it is an end already sent once in a batch that failed: it is not sent a third time.</param>
internal readonly record struct QueuedCall(GroupCall Call, TaskCompletionSource<RouteAnswer>? Answer, CancellationTokenRegistration Cancels, int Bytes, bool Again = false)
{
    /// <summary>Roughly what an end takes in a batch (its record included).</summary>
    public const int EndBytes = 256;
}
