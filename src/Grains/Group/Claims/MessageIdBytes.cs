using System.Runtime.CompilerServices;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>Room for a short ASCII message id, inline in a <see cref="MessageIdKey"/>.</summary>
[InlineArray(MessageIdKey.InlineLength)]
internal struct MessageIdBytes
{
    private byte first;
}
