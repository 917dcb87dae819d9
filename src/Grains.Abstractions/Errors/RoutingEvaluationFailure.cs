namespace Orleans.Dispatch;

/// <summary>How a routing function failed to produce a decision.</summary>
public enum RoutingEvaluationFailure
{
    /// <summary>The function threw an exception.</summary>
    Crashed = 0,

    /// <summary>The function ran past <c>DispatchOptions.RoutingTimeout</c> and was abandoned.</summary>
    TimedOut = 1,

    /// <summary>The group's function name is not registered on the silo that ran the group (a rolling deploy, say).</summary>
    NotRegistered = 2,

    /// <summary>
    /// The function overran <c>DispatchOptions.RoutingTimeout</c> too often
    /// (<c>DispatchOptions.QuarantineAfterOverruns</c> within <c>QuarantineWindow</c>) and is
    /// quarantined for the group: it is not run until it is swapped or the quarantine expires.
    /// </summary>
    Quarantined = 3,
}
