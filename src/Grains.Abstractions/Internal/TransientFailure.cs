using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Orleans.Dispatch.Internal;

/// <summary>
/// Which failures of a grain call are the transport's, not the callee's: the call may not have
/// run, and the same call may succeed if sent again (another gateway, the grain re-activated
/// elsewhere once membership has declared its silo dead).
/// </summary>
internal static class TransientFailure
{
    public static bool IsTransient(Exception exception) => exception is
        OrleansMessageRejectionException // includes SiloUnavailableException
        or ConnectionFailedException
        or Orleans.Networking.Shared.SocketConnectionException
        or GatewayTooBusyException
        or ClientNotAvailableException
        or OrleansLifecycleCanceledException
        or TimeoutException;

    /// <summary>
    /// Whether the call was refused before it reached the callee: rejected by the runtime, or its
    /// silo could not be connected to (it died, and membership has not declared it dead yet).
    /// </summary>
    public static bool IsRefused(Exception exception) => exception is
        OrleansMessageRejectionException // includes SiloUnavailableException
        or ConnectionFailedException
        or Orleans.Networking.Shared.SocketConnectionException;
}
