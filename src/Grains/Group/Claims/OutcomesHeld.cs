namespace Orleans.Dispatch.Group.Claims;

/// <summary>What a group's idempotency records hold: how far back (<see cref="OutcomeLog.HeldTicks"/>), how many, and their counted memory in bytes.</summary>
internal readonly record struct OutcomesHeld(TimeSpan Held, int Records, long Bytes);
