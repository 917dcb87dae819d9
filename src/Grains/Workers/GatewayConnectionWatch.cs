using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// Middleware on every gateway connection, innermost (after TLS has decrypted it): it keeps the
/// first bytes the connection receives, Orleans' preamble naming the client, and tells
/// <see cref="WorkerConnections"/> when the connection ends. It reads nothing the silo does not
/// read anyway, and changes nothing the silo reads.
/// </summary>
internal static class GatewayConnectionWatch
{
    /// <summary>Enough for Orleans' preamble (protocol version, client id, cluster id).</summary>
    private const int OpeningBytes = 1024;

    public static ConnectionDelegate Wrap(ConnectionDelegate next, WorkerConnections connections) => async context =>
    {
        var original = context.Transport;
        var opening = new OpeningCapture(original.Input, OpeningBytes);
        context.Transport = new WatchedPipe(opening, original.Output);
        var connection = connections.Opened(opening);
        try
        {
            await next(context);
        }
        finally
        {
            context.Transport = original;
            connections.Closed(connection);
        }
    };

    private sealed class WatchedPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
