namespace Orleans.Dispatch.Group;

/// <summary>
/// Everything that makes a dispatch wait at its group, and lets it go: the waiting line for a
/// consumer with room, and ordered keys (a dispatch held behind the one of its key in progress).
/// Both count against <see cref="DispatchOptions.MaxWaitingPerGroup"/>. A serving pass decides
/// again for the line whenever capacity may have appeared; one pass at a time.
/// </summary>
internal sealed class WaitingRoom(WaitingLine line, KeyOrdering ordering, GroupRouter router, LeaseTable leases, TimeProvider time)
{
    private bool serving;
    private bool serveAgain;

    /// <summary>How many dispatches wait: for room, or for their key's turn.</summary>
    public int Waiting => line.Count + ordering.Held;

    public KeyOrdering Ordering => ordering;

    /// <summary>How long the dispatch that has waited longest for room has waited.</summary>
    public TimeSpan OldestWaitingFor => line.EarliestEntry() is { } earliest ? time.GetElapsedTime(earliest) : TimeSpan.Zero;

    private bool IsFull => Waiting >= line.Limit;

    /// <summary>
    /// A dispatch's first routing call at this activation: numbered in its key (under ordering)
    /// and heading it (null: route it now), or held behind the key's head
    /// (<see cref="RouteStatus.Waiting"/>), or refused because too many wait (<see cref="RouteStatus.Overloaded"/>).
    /// </summary>
    public RouteResult? Admit(Claim claim, RouteRequest request, string function)
    {
        if (!ordering.WouldHold(request.Message))
        {
            ordering.Admit(claim, request, function, time.GetTimestamp());
            return null;
        }

        if (IsFull)
        {
            return RouteResult.Overloaded(function, Waiting);
        }

        claim.Waiting = ordering.Admit(claim, request, function, time.GetTimestamp());
        return RouteResult.Waiting(function);
    }

    /// <summary>A routing decision told <paramref name="claim"/>'s dispatch to wait: it enters the line, or is refused when the line is full.</summary>
    public RouteResult Wait(Claim claim, RouteRequest request, RouteResult waiting)
    {
        if (claim.Waiting is null)
        {
            if (IsFull)
            {
                return RouteResult.Overloaded(waiting.RoutingFunction, Waiting);
            }

            claim.Waiting = new Waiter(claim, request, waiting.RoutingFunction, time.GetTimestamp());
            line.Enter(claim.Waiting);
        }

        return waiting;
    }

    /// <summary>
    /// A claim ended (reported, cancelled, expired, refused): it leaves the line or its key's
    /// queue; when it headed its key, the key's next message enters the line to route; the lease
    /// of its latest decision, which a dispatch cancelled mid-call never heard of, is released.
    /// </summary>
    public void Ended(Claim claim)
    {
        var next = ordering.Ended(claim);
        if (claim.Waiting is { } waiter)
        {
            Answer(waiter, RouteResult.NotWaiting(waiter.Function));
        }

        if (next is not null)
        {
            line.Enter(next);
        }

        if (claim.Latest.Result is { Lease: not 0 } latest)
        {
            leases.Release(latest.Lease, claim.Owner);
        }
    }

    /// <summary>
    /// The ordering field changed (null: off): messages held behind their key under the old field
    /// enter the line; keys of the new field start afresh.
    /// </summary>
    public void OrderBy(string? field)
    {
        foreach (var released in ordering.ReleaseAll())
        {
            line.Enter(released);
        }

        ordering.Field = field;
    }

    /// <summary>The group is deactivating: every waiter asks again and reaches the next activation.</summary>
    public void LetEveryoneGo()
    {
        foreach (var waiter in line.OldestFirst().Concat(ordering.ReleaseAll()))
        {
            Answer(waiter, RouteResult.NotWaiting(waiter.Function));
        }
    }

    /// <summary>
    /// Decides again for the line (every waiter, with <paramref name="everyWaiter"/>: the
    /// registrations changed). Once at a time: a pass asked for during one runs after it.
    /// </summary>
    public async Task ServeAsync(bool everyWaiter = false)
    {
        if (line.Count == 0)
        {
            return;
        }

        if (serving)
        {
            serveAgain = true;
            return;
        }

        serving = true;
        try
        {
            do
            {
                serveAgain = false;
                await router.ServeAsync(line, everyWaiter);
            }
            while (serveAgain && line.Count > 0);
        }
        finally
        {
            serving = false;
        }
    }

    private void Answer(Waiter waiter, RouteResult answer)
    {
        if (!line.Answer(waiter, answer) && waiter.Claim.Waiting == waiter)
        {
            // Held behind its key, not in the line.
            waiter.Claim.Waiting = null;
            waiter.Granted.TrySetResult(answer);
        }
    }
}
