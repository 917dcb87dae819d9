using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Bench.Scenarios.Echo;

/// <summary>
/// One echo worker's stream, from the bench's side: a round trip writes a Deliver frame and ends
/// when the worker acknowledges it. Frames go out through one writer, a frame with more queued
/// behind it buffered, as the silo writes a stream worker's.
/// </summary>
internal sealed class EchoPeer
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource> pending = new();
    private readonly Channel<SiloFrame> outgoing = Channel.CreateUnbounded<SiloFrame>(new UnboundedChannelOptions { SingleReader = true });
    private long next;

    public Task RoundTripAsync(string messageId)
    {
        var id = (ulong)Interlocked.Increment(ref next);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answered;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds();
        outgoing.Writer.TryWrite(new SiloFrame { Deliver = new Deliver { DeliveryId = id, MessageId = messageId, DeadlineUnixMs = deadline } });
        return answered.Task;
    }

    public void Acked(ulong id)
    {
        if (pending.TryRemove(id, out var answered))
        {
            answered.TrySetResult();
        }
    }

    public void Send(SiloFrame frame) => outgoing.Writer.TryWrite(frame);

    public void End() => outgoing.Writer.TryComplete();

    public async Task WriteAsync(IServerStreamWriter<SiloFrame> responses, CancellationToken stopping)
    {
        var frames = outgoing.Reader;
        while (await frames.WaitToReadAsync(stopping))
        {
            while (frames.TryRead(out var frame))
            {
                responses.WriteOptions = frames.TryPeek(out _) ? Buffered : null;
                await responses.WriteAsync(frame, stopping);
            }
        }
    }
}
