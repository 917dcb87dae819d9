namespace Orleans.Dispatch.Conversation;

/// <summary>How a delivery attempt crashed.</summary>
/// <param name="Reason">The crash as text: the exception type and message, or the timeout.</param>
/// <param name="Refused">
/// Whether the call was refused before it reached the consumer (its silo unreachable): still a
/// crash, but not an attempt counted against <c>MaxAttempts</c>, which bounds the work spent on a
/// message by consumers, not the consumers lost with a silo.
/// </param>
internal sealed record AttemptFailure(string Reason, bool Refused);
