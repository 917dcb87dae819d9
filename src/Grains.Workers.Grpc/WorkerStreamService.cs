using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Workers.V1;
using Orleans.Runtime;

namespace Orleans.Dispatch.Workers.Grpc;

/// <summary>
/// The worker protocol's one call: a worker's session, from its Attach to the end of its stream.
/// It attaches a worker grain on this silo with the stream as its consumer, keeps the grain's lease
/// while the stream is open, passes answers to the deliveries they name, and tells the grain the
/// worker is gone the moment the stream ends, however it ends. Bad input ends the stream with
/// <see cref="StatusCode.InvalidArgument"/> and a message naming the problem; the deliveries the
/// worker held are rerouted, and nothing else is touched.
/// </summary>
internal sealed partial class WorkerStreamService(IGrainFactory grains, LocalStreamWorkers streams, IOptions<DispatchOptions> options, ILocalSiloDetails silo, TimeProvider time, ILogger<WorkerStreamService> logger)
    : WorkerService.WorkerServiceBase
{
    /// <summary>How long the worker grain keeps a registration the stream stopped renewing (a stuck silo-side session).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>How long a Leave waits for the deliveries the worker holds.</summary>
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(25);

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public override async Task Work(IAsyncStreamReader<WorkerFrame> requestStream, IServerStreamWriter<SiloFrame> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var stopping = context.CancellationToken;
        if (!await requestStream.MoveNext(stopping).ConfigureAwait(false))
        {
            return; // Closed before saying anything: nothing to undo.
        }

        if (requestStream.Current.KindCase != WorkerFrame.KindOneofCase.Attach)
        {
            throw Invalid($"the first frame must be Attach, not {requestStream.Current.KindCase}");
        }

        var (session, key) = Session(requestStream.Current.Attach, silo.SiloAddress);
        var worker = new StreamWorker(options.Value.AttemptTimeout, time);
        var observer = grains.CreateObjectReference<IWorkerObserver>(worker);
        var attachment = new StreamAttachment(session, worker, observer);
        using var local = streams.Register(key, attachment);
        var grain = grains.GetGrain<IWorkerGrain>(key);
        var ended = "its stream ended";
        var sending = Task.Run(() => SendAsync(worker, responseStream, stopping), CancellationToken.None);
        try
        {
            await grain.Attach(session, observer).ConfigureAwait(false);
            attachment.MarkJoined();
            worker.Send(new SiloFrame { Attached = new Attached { Session = key, Silo = silo.SiloAddress.ToString() } });
            LogAttached(logger, session.Consumer.Value, session.Group, context.Peer);
            using var renewing = new CancellationTokenSource();
            var renewals = RenewAsync(grain, session, observer, renewing.Token);
            try
            {
                ended = await ReadAsync(requestStream, worker, grain, grains.GetGrain<IConsumerGroupGrain>(session.Group), session, stopping).ConfigureAwait(false);
            }
            finally
            {
                await renewing.CancelAsync().ConfigureAwait(false);
                await renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (RpcException exception)
        {
            ended = $"a protocol error: {exception.Status.Detail}";
            LogProtocolError(logger, session.Consumer.Value, session.Group, exception.Status.Detail);
            throw;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ended = "its stream was cancelled or broke";
        }
        catch (IOException exception)
        {
            ended = $"its stream broke ({exception.Message})";
        }
        finally
        {
            worker.End(ended);
            await grain.Gone(ended).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            grains.DeleteObjectReference<IWorkerObserver>(observer);
            await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads the worker's answers until the stream ends; returns why it ended.</summary>
    private static async Task<string> ReadAsync(IAsyncStreamReader<WorkerFrame> requests, StreamWorker worker, IWorkerGrain grain, IConsumerGroupGrain group, WorkerSession session, CancellationToken stopping)
    {
        Task? leaving = null;
        while (await requests.MoveNext(stopping).ConfigureAwait(false))
        {
            var frame = requests.Current;
            switch (frame.KindCase)
            {
                case WorkerFrame.KindOneofCase.Ack:
                    worker.Acked(frame.Ack.DeliveryId);
                    break;
                case WorkerFrame.KindOneofCase.Fail:
                    worker.Failed(frame.Fail.DeliveryId, frame.Fail.Reason);
                    break;
                case WorkerFrame.KindOneofCase.Leave:
                    leaving ??= LeaveAsync(grain, worker);
                    break;
                case WorkerFrame.KindOneofCase.BufferDepth:
                    if (frame.BufferDepth.Depth < 0)
                    {
                        throw Invalid($"BufferDepth must not be negative, not {frame.BufferDepth.Depth}");
                    }

                    await group.ReportBufferDepth(session.Consumer, frame.BufferDepth.Depth).ConfigureAwait(false);
                    break;
                case WorkerFrame.KindOneofCase.Attach:
                    throw Invalid("Attach may be sent only once, as the first frame");
                default:
                    throw Invalid("a frame with no known kind (empty, or from a newer protocol version)");
            }
        }

        if (leaving is not null)
        {
            await leaving.ConfigureAwait(false);
            return "it left";
        }

        return "its stream ended";
    }

    private static async Task LeaveAsync(IWorkerGrain grain, StreamWorker worker)
    {
        await grain.Leave(DrainPatience).ConfigureAwait(false);
        worker.Send(new SiloFrame { Drained = new Drained() });
    }

    /// <summary>Writes the frames in order; a frame with more queued behind it is buffered, not flushed, so a burst goes out in as few writes as it can.</summary>
    private static async Task SendAsync(StreamWorker worker, IServerStreamWriter<SiloFrame> responses, CancellationToken stopping)
    {
        var frames = worker.Outgoing;
        while (await frames.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            while (frames.TryRead(out var frame))
            {
                responses.WriteOptions = frames.TryPeek(out _) ? Buffered : null;
                await responses.WriteAsync(frame, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Renews the grain's lease while the stream is open. A grain that answers it has no worker
    /// (an activation that could not take the stream over) is attached again, so a live worker is
    /// never left out of its group for longer than a renewal.
    /// </summary>
    private async Task RenewAsync(IWorkerGrain grain, WorkerSession session, IWorkerObserver observer, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(Lease / 4, time, stop).ConfigureAwait(false);
            try
            {
                if (await grain.RenewOrAttachAgainAsync(session, observer, Timeout.InfiniteTimeSpan, time, CancellationToken.None).ConfigureAwait(false))
                {
                    LogAttachedAgain(logger, session.Consumer.Value, session.Group);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next renewal tries again; a lease outlives three missed ones.
                LogRenewalFailed(logger, session.Consumer.Value, session.Group, exception.Message);
            }
        }
    }

    private static (WorkerSession Session, string Key) Session(Attach attach, SiloAddress serving)
    {
        try
        {
            var group = GroupName.Validate(attach.Group);
            var consumer = new ConsumerId(attach.ConsumerId);
            if (attach.MaxInFlight < 1 || attach.MaxInFlight > ConsumerRegistration.MaxInFlightLimit)
            {
                throw new ArgumentException($"max_in_flight {attach.MaxInFlight} is outside 1 to {ConsumerRegistration.MaxInFlightLimit}", nameof(attach));
            }

            var tags = TagSet.Normalize([.. attach.AffinityTags], "affinity_tags");
            var session = new WorkerSession(
                group, consumer, attach.MaxInFlight, [.. tags], attach.Host.Length == 0 ? "unknown" : attach.Host, attach.ProcessId, Lease, Streamed: true);
            return (session, WorkerKey.ForStream(group, consumer, Guid.NewGuid(), serving));
        }
        catch (ArgumentException exception)
        {
            throw Invalid($"Attach refused: {exception.Message}");
        }
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    [LoggerMessage(1, LogLevel.Information, "Stream worker {Consumer} attached to group {Group} from {Peer}")]
    private static partial void LogAttached(ILogger logger, string consumer, string group, string peer);

    [LoggerMessage(2, LogLevel.Warning, "Stream worker {Consumer} of group {Group} broke the worker protocol, and its stream was ended: {Problem}")]
    private static partial void LogProtocolError(ILogger logger, string consumer, string group, string problem);

    [LoggerMessage(3, LogLevel.Warning, "Stream worker {Consumer} of group {Group} was attached again: its grain had lost it")]
    private static partial void LogAttachedAgain(ILogger logger, string consumer, string group);

    [LoggerMessage(4, LogLevel.Warning, "Stream worker {Consumer} of group {Group} could not renew its lease: {Problem}")]
    private static partial void LogRenewalFailed(ILogger logger, string consumer, string group, string problem);
}
