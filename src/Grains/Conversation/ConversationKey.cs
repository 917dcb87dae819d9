using System.Globalization;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The key of a dispatch's conversation grain: the group, the message id (each length-prefixed, so
/// that no two pairs share a key) and the dispatch's owner token. One grain per dispatch, not per
/// message: two dispatches of one message id (a client's resend beside its original) both in
/// conversation must not queue behind each other on one grain, where the one running could wait for
/// the one queued, which owns the message id, until its claim expired.
/// </summary>
internal static class ConversationKey
{
    public static string For(string group, string messageId, Guid owner) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(group, messageId)}{owner:N}");

    /// <summary>What the keys of every conversation grain of <paramref name="messageId"/> in <paramref name="group"/> start with.</summary>
    public static string Prefix(string group, string messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{group.Length}:{group}/{messageId.Length}:{messageId}/");
}
