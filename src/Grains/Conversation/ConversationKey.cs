using System.Globalization;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// The key of a message's conversation grain: the group name's length, the group name and the
/// message id, so that no two (group, message) pairs share a key.
/// </summary>
internal static class ConversationKey
{
    public static string For(string group, string messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{group.Length}:{group}/{messageId}");
}
