using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Workers.Grpc;

/// <summary>
/// One worker's stream, seen from the silo: the consumer its worker grain forwards messages to.
/// Each message becomes a Deliver frame, and its call ends when the worker answers it (Ack: the
/// acknowledgement; Fail: a crash) or the stream ends (a crash the group reroutes at once, not
/// counted against the worker's health). Frames go out through one writer, in order.
/// </summary>
internal sealed class StreamWorker(TimeSpan attemptTimeout, TimeProvider time) : IWorkerObserver
{
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource> deliveries = new();
    private readonly ConcurrentDictionary<ulong, byte> cancelled = new();
    private readonly Channel<SiloFrame> outgoing = Channel.CreateUnbounded<SiloFrame>(new UnboundedChannelOptions { SingleReader = true });
    private long nextDelivery;
    private string? endedBecause;

    /// <summary>The frames to send, in order, until the stream ends.</summary>
    public ChannelReader<SiloFrame> Outgoing => outgoing.Reader;

    /// <summary>How many deliveries the worker holds now.</summary>
    public int Holding => deliveries.Count;

    public async Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        if (endedBecause is { } reason)
        {
            throw new WorkerGoneException($"The worker's stream ended: {reason}.");
        }

        var id = (ulong)Interlocked.Increment(ref nextDelivery);

        // Completed by the stream's reader (an Ack or Fail), whose thread then runs this method's
        // end inline: disposing the registration and completing the call, whose caller (the worker
        // grain) continues on its own scheduler. No hop through the thread pool per message.
        var answered = new TaskCompletionSource();
        deliveries[id] = answered;
        using var cancelling = cancellationToken.Register(() =>
        {
            if (deliveries.TryRemove(id, out var pending))
            {
                cancelled[id] = 0;
                outgoing.Writer.TryWrite(new SiloFrame { Cancel = new Cancel { DeliveryId = id } });
                pending.TrySetCanceled(cancellationToken);
            }
        });
        if (!outgoing.Writer.TryWrite(DeliveryFrames.Deliver(id, message, time.GetUtcNow() + attemptTimeout)))
        {
            deliveries.TryRemove(id, out _);
            throw new WorkerGoneException($"The worker's stream ended: {endedBecause ?? "it closed"}.");
        }

        await answered.Task.ConfigureAwait(false);
    }

    /// <summary>The worker acknowledged delivery <paramref name="id"/>.</summary>
    /// <exception cref="RpcException">The worker does not hold that delivery: a protocol error that ends the stream.</exception>
    public void Acked(ulong id) => Answer(id, "Ack").TrySetResult();

    /// <summary>The worker failed delivery <paramref name="id"/> for <paramref name="reason"/>: a crash.</summary>
    /// <exception cref="RpcException">The worker does not hold that delivery: a protocol error that ends the stream.</exception>
    public void Failed(ulong id, string reason) =>
        Answer(id, "Fail").TrySetException(new WorkerFailedException(string.IsNullOrWhiteSpace(reason) ? "the worker failed the message without a reason" : reason));

    /// <summary>Sends a frame of the silo's own (Attached, Drained).</summary>
    public void Send(SiloFrame frame) => outgoing.Writer.TryWrite(frame);

    /// <summary>
    /// The stream ended: every delivery still held fails at once as a worker gone (the group
    /// reroutes it without counting it against the worker), and nothing more is sent.
    /// </summary>
    public void End(string reason)
    {
        endedBecause ??= reason;
        outgoing.Writer.TryComplete();
        foreach (var id in deliveries.Keys)
        {
            if (deliveries.TryRemove(id, out var pending))
            {
                pending.TrySetException(new WorkerGoneException($"The worker's stream ended with delivery {id} unanswered: {reason}."));
            }
        }
    }

    private TaskCompletionSource Answer(ulong id, string kind)
    {
        if (deliveries.TryRemove(id, out var pending))
        {
            return pending;
        }

        if (cancelled.TryRemove(id, out _))
        {
            // The silo stopped waiting for it (its deadline passed, or its dispatch was cancelled): a late answer is ignored.
            return new TaskCompletionSource();
        }

        throw new RpcException(new Status(
            StatusCode.InvalidArgument,
            id == 0 || id > (ulong)Interlocked.Read(ref nextDelivery)
                ? $"{kind} for delivery {id}, which was never sent to this worker"
                : $"{kind} for delivery {id}, which this worker no longer holds (it was answered already)"));
    }
}
