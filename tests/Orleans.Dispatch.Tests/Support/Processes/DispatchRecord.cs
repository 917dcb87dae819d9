namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>One dispatch of a load run: when it started (from the run's start), how long it took, and how it ended.</summary>
public sealed record DispatchRecord(string MessageId, TimeSpan StartedAt, TimeSpan Latency, DispatchOutcome? Outcome, Exception? Failure)
{
    public TimeSpan EndedAt => StartedAt + Latency;
}
