using Grpc.Core;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Bench.Scenarios.Echo;

/// <summary>
/// The bare gRPC floor under the worker protocol: a worker's stream with nothing behind it. The
/// worker attaches (any Attach), the bench sends Deliver frames through <see cref="EchoPeers"/>
/// and each Ack ends its round trip; Leave is answered with Drained.
/// </summary>
internal sealed class EchoFloorService(EchoPeers peers) : BenchEcho.BenchEchoBase
{
    public override async Task Work(IAsyncStreamReader<WorkerFrame> requestStream, IServerStreamWriter<SiloFrame> responseStream, ServerCallContext context)
    {
        var stopping = context.CancellationToken;
        if (!await requestStream.MoveNext(stopping))
        {
            return;
        }

        var peer = new EchoPeer();
        var writing = peer.WriteAsync(responseStream, stopping);
        peer.Send(new SiloFrame { Attached = new Attached { Session = "echo" } });
        peers.Add(peer);
        try
        {
            while (await requestStream.MoveNext(stopping))
            {
                if (requestStream.Current.KindCase == WorkerFrame.KindOneofCase.Ack)
                {
                    peer.Acked(requestStream.Current.Ack.DeliveryId);
                }
                else if (requestStream.Current.KindCase == WorkerFrame.KindOneofCase.Leave)
                {
                    peers.Remove(peer);
                    peer.Send(new SiloFrame { Drained = new Drained() });
                }
            }
        }
        finally
        {
            peers.Remove(peer);
            peer.End();
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
