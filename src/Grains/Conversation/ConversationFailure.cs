using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The one place a failure of the machinery becomes a <see cref="DispatchConversationException"/>
/// (delivery unknown, sent again by the retrying client). A dispatch's own failures, invalid
/// arguments, cancellation and transport failures pass through as they are: a caller tells
/// "try again" from "the dispatch failed" by them.
/// </summary>
internal static class ConversationFailure
{
    /// <summary>Whether <paramref name="exception"/> is a failure of the machinery, to be wrapped.</summary>
    public static bool IsUnexpected(Exception exception) =>
        exception is not (DispatchException or ArgumentException or OperationCanceledException) && !TransientFailure.IsTransient(exception);

    /// <summary>The machinery's failure <paramref name="exception"/>, while <paramref name="doing"/>, as the dispatch's.</summary>
    public static DispatchConversationException Wrap(Exception exception, string messageId, string group, string doing, IReadOnlyList<RerouteTiming>? crashes) =>
        new(messageId, group, $"{doing}: {exception.GetType().Name}: {exception.Message}", crashes, exception);
}
