namespace Orleans.Dispatch.Silo.View;

/// <summary>One dead letter on the group page, with its crash chain.</summary>
/// <param name="Sequence">Its number in the group's store.</param>
/// <param name="MessageId">The message id.</param>
/// <param name="Failure">The kind of failure.</param>
/// <param name="Reason">The failure's message.</param>
/// <param name="ReroutedFrom">The consumers that crashed for it, in order.</param>
/// <param name="FailedAt">When it failed, in Unix milliseconds.</param>
internal sealed record DeadLetterRow(long Sequence, string MessageId, string Failure, string Reason, IReadOnlyList<string> ReroutedFrom, long FailedAt);
