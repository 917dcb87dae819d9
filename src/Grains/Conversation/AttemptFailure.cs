using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Conversation;

/// <summary>How a delivery attempt crashed.</summary>
/// <param name="Reason">The crash as text: the exception type and message, or the timeout.</param>
/// <param name="Kind">
/// What kind of crash, for the group's health tracking: <see cref="AttemptEnd.Crashed"/> or
/// <see cref="AttemptEnd.TimedOut"/> count against the consumer; <see cref="AttemptEnd.Refused"/>
/// (the call never reached a live consumer: its silo unreachable, its worker gone) does not, and is
/// not an attempt counted against <c>MaxAttempts</c> either, which bounds the work spent on a
/// message by consumers, not the consumers lost with a silo.
/// </param>
internal sealed record AttemptFailure(string Reason, AttemptEnd Kind)
{
    /// <summary>Whether the call was refused before it reached a live consumer.</summary>
    public bool Refused => Kind == AttemptEnd.Refused;
}
