namespace Orleans.Dispatch.Group.Health;

/// <summary>How a delivery attempt ended, as its dispatch tells the group when it gives the attempt's lease back: what the group's health tracking learns from.</summary>
internal enum AttemptEnd
{
    /// <summary>Not known, or not the consumer's doing (cancelled, the dispatch out of time, a lease that expired): not counted.</summary>
    None = 0,

    /// <summary>The consumer acknowledged.</summary>
    Delivered = 1,

    /// <summary>The consumer's call threw or its activation failed: counted.</summary>
    Crashed = 2,

    /// <summary>The consumer did not answer within the attempt timeout: counted.</summary>
    TimedOut = 3,

    /// <summary>The call never reached a live consumer (its silo unreachable or dead, its worker's connection closed): not counted, handled at once.</summary>
    Refused = 4,
}
