using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// <c>--grpc-worker-mode PORT GROUP ID</c>: a worker process for the bench's <c>grpc-worker</c> path:
/// it attaches to GROUP over the worker protocol at the loopback PORT, as a worker in another
/// language would, and acknowledges every delivery at once, until its standard input closes.
/// </summary>
internal static class GrpcWorkerMode
{
    public const string Group = "bench-grpc-workers";

    /// <summary>The group name that makes the process an echo worker: the same loop on the bench's bare gRPC floor (<c>BenchEcho</c>) instead of the worker protocol.</summary>
    public const string EchoGroup = "bench-echo";

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var call = args[2] == EchoGroup ? new Echo.BenchEcho.BenchEchoClient(channel).Work() : new WorkerService.WorkerServiceClient(channel).Work();
        var answers = Channel.CreateUnbounded<WorkerFrame>(new UnboundedChannelOptions { SingleReader = true });
        answers.Writer.TryWrite(new WorkerFrame { Attach = new Attach { Group = args[2], ConsumerId = args[3], MaxInFlight = 1_000_000, Host = Environment.MachineName, ProcessId = Environment.ProcessId } });
        var writing = Task.Run(async () =>
        {
            // One writer: a frame with more queued behind it is buffered, so a burst of acks goes out together.
            while (await answers.Reader.WaitToReadAsync())
            {
                while (answers.Reader.TryRead(out var frame))
                {
                    call.RequestStream.WriteOptions = answers.Reader.TryPeek(out _) ? Buffered : null;
                    await call.RequestStream.WriteAsync(frame);
                }
            }

            await call.RequestStream.CompleteAsync();
        });
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var frame = call.ResponseStream.Current;
                switch (frame.KindCase)
                {
                    case SiloFrame.KindOneofCase.Attached:
                        await Console.Out.WriteLineAsync("READY");
                        break;
                    case SiloFrame.KindOneofCase.Deliver:
                        answers.Writer.TryWrite(new WorkerFrame { Ack = new Ack { DeliveryId = frame.Deliver.DeliveryId } });
                        break;
                    case SiloFrame.KindOneofCase.Drained:
                        answers.Writer.TryComplete();
                        break;
                }
            }
        });
        await Console.In.ReadToEndAsync();
        answers.Writer.TryWrite(new WorkerFrame { Leave = new Leave() });
        await reading;
        answers.Writer.TryComplete();
        await writing;
        return 0;
    }
}
