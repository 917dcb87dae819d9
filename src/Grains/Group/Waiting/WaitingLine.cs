using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Waiting;

/// <summary>
/// The dispatches of a group waiting for a consumer with room, oldest first by when they first
/// reached the group (their claim's arrival), so a message rerouted after a crash keeps its age.
/// Bounded by <c>limit</c>, which <see cref="WaitingRoom"/> enforces.
/// </summary>
internal sealed class WaitingLine(int limit, TimeProvider time, Action<int>? countChanged = null, Action<TimeSpan>? waited = null)
{
    private readonly SortedDictionary<long, Waiter> waiters = [];

    public int Count => waiters.Count;

    /// <summary>How many may wait at the group (<see cref="DispatchOptions.MaxWaitingPerGroup"/>); <see cref="WaitingRoom"/> counts dispatches held behind their key against it too.</summary>
    public int Limit => limit;

    /// <summary>The waiters, oldest first; a copy, so serving may change the line.</summary>
    public Waiter[] OldestFirst() => [.. waiters.Values];

    /// <summary>The earliest time a waiter entered, or null when none waits.</summary>
    public long? EarliestEntry() => waiters.Count == 0 ? null : waiters.Values.Min(w => w.EnteredAt);

    public void Enter(Waiter waiter)
    {
        waiters.Add(waiter.Claim.Arrival, waiter);
        countChanged?.Invoke(1);
    }

    /// <summary>
    /// Takes <paramref name="waiter"/> out of the line with <paramref name="answer"/>: a grant, how
    /// its dispatch ends, or "not waiting" (cancelled, lost, the group deactivating). False when it
    /// had left already.
    /// </summary>
    public bool Answer(Waiter waiter, RouteAnswer answer)
    {
        if (waiter.Claim.Waiting != waiter || !waiters.Remove(waiter.Claim.Arrival))
        {
            return false;
        }

        waiter.Claim.Waiting = null;
        waiter.Granted.TrySetResult(answer);
        countChanged?.Invoke(-1);
        waited?.Invoke(time.GetElapsedTime(waiter.EnteredAt));
        return true;
    }
}
