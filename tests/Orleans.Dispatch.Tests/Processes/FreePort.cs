using System.Net;
using System.Net.Sockets;

namespace Orleans.Dispatch.Tests.Processes;

/// <summary>Free loopback TCP ports, from the OS.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
