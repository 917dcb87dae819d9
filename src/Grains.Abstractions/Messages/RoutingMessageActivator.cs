using Orleans.Serialization.Activators;

namespace Orleans.Dispatch;

/// <summary>
/// Creates the <see cref="RoutingMessage"/> a deserializer fills, without drawing a fresh id: the
/// public parameterless constructor makes a random version-7 GUID (a system call for its random
/// bytes, and a string), once per message read, every hop of every dispatch.
/// </summary>
[RegisterActivator]
internal sealed class RoutingMessageActivator : IActivator<RoutingMessage>
{
    public RoutingMessage Create() => RoutingMessage.Unfilled();
}
