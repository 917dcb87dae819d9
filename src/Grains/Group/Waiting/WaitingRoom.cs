using System.Diagnostics;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Group.Ordering;

namespace Orleans.Dispatch.Group.Waiting;

/// <summary>
/// Everything that makes a dispatch wait at its group, and lets it go: the waiting line for a
/// consumer with room, and ordered keys (a dispatch held behind the one of its key in progress).
/// Both count against <see cref="DispatchOptions.MaxWaitingPerGroup"/>. Serving decides again for
/// the line, oldest first, whenever capacity may have appeared; one pass at a time.
/// </summary>
/// <param name="line">The dispatches waiting for room.</param>
/// <param name="ordering">The dispatches held behind their key.</param>
/// <param name="decide">Decides for a waiter again: a grant (its lease taken), another final answer, or <see cref="Wait"/>.</param>
/// <param name="release">Gives back a lease nobody will use.</param>
/// <param name="anyCapacity">Whether any consumer has room (a pass stops early when none has).</param>
/// <param name="time">The clock.</param>
/// <param name="group">The group's name, for diagnostics.</param>
internal sealed class WaitingRoom(
    WaitingLine line,
    KeyOrdering ordering,
    Func<Waiter, ValueTask<RouteAnswer>> decide,
    Action<long, Guid> release,
    Func<bool> anyCapacity,
    TimeProvider time,
    string group)
{
    private bool serving;
    private bool serveAgain;
    private bool serveEveryone;

    /// <summary>How many dispatches wait: for room, or for their key's turn.</summary>
    public int Count => line.Count + ordering.Held;

    public KeyOrdering Ordering => ordering;

    /// <summary>How long the dispatch that has waited longest for room has waited.</summary>
    public TimeSpan OldestWaitingFor => line.EarliestEntry() is { } earliest ? time.GetElapsedTime(earliest) : TimeSpan.Zero;

    private bool IsFull => Count >= line.Limit;

    /// <summary>
    /// A dispatch's first routing call at this activation: numbered in its key (under ordering)
    /// and heading it (null: route it now), or held behind the key's head (<see cref="Wait"/>), or
    /// refused because too many wait (<see cref="Overloaded"/>).
    /// </summary>
    public RouteAnswer? Admit(Claim claim, RouteRequest request, string function)
    {
        if (!ordering.WouldHold(request.Message))
        {
            ordering.Admit(claim, request, function, time.GetTimestamp());
            return null;
        }

        if (IsFull)
        {
            return new Overloaded(Count, line.Limit);
        }

        claim.Waiting = ordering.Admit(claim, request, function, time.GetTimestamp());
        return new Wait(function);
    }

    /// <summary>A routing decision told <paramref name="claim"/>'s dispatch to wait: it enters the line, or is refused when the line is full.</summary>
    public RouteAnswer Enter(Claim claim, RouteRequest request, Wait wait)
    {
        if (claim.Waiting is null)
        {
            if (IsFull)
            {
                return new Overloaded(Count, line.Limit);
            }

            claim.Waiting = new Waiter(claim, request, wait.Function, time.GetTimestamp());
            line.Enter(claim.Waiting);
        }

        return wait;
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
            Answer(waiter, RouteAgain.Instance);
        }

        if (next is not null)
        {
            line.Enter(next);
        }

        if (claim.LatestAnswer is Granted { Lease: not 0 } latest)
        {
            release(latest.Lease, claim.Owner);
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
            Answer(waiter, RouteAgain.Instance);
        }
    }

    /// <summary>
    /// Decides again for the waiting dispatches, oldest first, while any consumer has room (for
    /// every one, with <paramref name="everyWaiter"/>: the registrations changed, so some may now
    /// have nobody to wait for). Each one granted a consumer (its lease taken in this turn, so
    /// capacity is never exceeded) or ended another way leaves the line with that answer; one
    /// still told to wait keeps its place without holding up younger ones that can be served.
    /// Once at a time: a pass asked for during one runs after it.
    /// </summary>
    public async ValueTask ServeAsync(bool everyWaiter = false)
    {
        if (line.Count == 0)
        {
            return;
        }

        serveEveryone |= everyWaiter;
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
                var everyone = serveEveryone;
                serveEveryone = false;
                await ServeOnceAsync(everyone);
            }
            while (serveAgain && line.Count > 0);
        }
        finally
        {
            serving = false;
        }
    }

    private async ValueTask ServeOnceAsync(bool everyWaiter)
    {
        var startedAt = Stopwatch.GetTimestamp();
        foreach (var waiter in line.OldestFirst())
        {
            if (!everyWaiter && !anyCapacity())
            {
                return;
            }

            var answer = await decide(waiter);
            if (answer is not Wait && line.Answer(waiter, answer))
            {
                waiter.Claim.Answered(waiter.Request.Call, answer);
                if (answer is Granted)
                {
                    WaitingLineDiagnostics.Granted(group, waiter.Request.Message.Id, waiter.Claim.Arrival, startedAt);
                }
            }
            else if (answer is Granted granted)
            {
                // The waiter left the line while its function ran (cancelled): nobody takes this lease.
                release(granted.Lease, waiter.Claim.Owner);
            }
        }
    }

    private void Answer(Waiter waiter, RouteAnswer answer)
    {
        if (!line.Answer(waiter, answer) && waiter.Claim.Waiting == waiter)
        {
            // Held behind its key, not in the line.
            waiter.Claim.Waiting = null;
            waiter.Granted.TrySetResult(answer);
        }
    }
}
