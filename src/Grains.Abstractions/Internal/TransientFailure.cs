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
}
