using System.Net;
using System.Net.Sockets;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Loopback TCP ports for the processes a test starts: below the OS's ephemeral range (so no
/// outgoing connection takes one between the check and the bind), each handed out once per run.
/// </summary>
internal static class FreePort
{
    private static int next = 20_000 + (Environment.ProcessId % 50 * 150);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref next);
            if (port > 32_000)
            {
                throw new InvalidOperationException("No free port left below 32000.");
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }
    }
}
