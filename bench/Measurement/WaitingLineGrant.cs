namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>One grant of a group's waiting line, as its diagnostic event carries it (timestamps are <see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
internal sealed record WaitingLineGrant(string Group, string MessageId, long Arrival, long ServingStartedAt);
