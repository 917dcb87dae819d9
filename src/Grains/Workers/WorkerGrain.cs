using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// One process of a worker in its group: the consumer the group routes to, on the silo whose
/// gateway the worker attached through (placed there by the worker's own call). It forwards each
/// message to the worker over its connection; the moment that connection closes, every message in
/// flight to the worker is a crash (rerouted at once) and the worker leaves the group. A worker
/// that stops renewing its lease leaves when the lease ends; one that leaves gracefully stops
/// getting messages and waits for those it has. A stream worker's grain lives on the silo serving
/// the stream (<see cref="WorkerPlacement"/>): an activation that starts while the stream is open
/// takes the worker over, so losing an activation (deactivated because the silo holding its
/// directory entry died) never drops a live worker. Reentrant: the worker takes several at once.
/// </summary>
[Reentrant, WorkerPlacement]
internal sealed class WorkerGrain(WorkerConnections connections, LocalStreamWorkers streams, ILocalSiloDetails silo, TimeProvider time, ILogger<WorkerGrain> logger) : Grain, IWorkerGrain, IConsumerGrain
{
    private WorkerSession? session;
    private IWorkerObserver? observer;

    /// <summary>What each message is handed to: the stream itself when this silo serves it, else <see cref="observer"/>.</summary>
    private IWorkerObserver? target;
    private IDisposable? watch;
    private IGrainTimer? lease;
    private long renewedAt;
    private int inFlight;
    private string? goneReason;
    private TaskCompletionSource? idle;
    private TaskCompletionSource gone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IConsumerGroupWorkersGrain? Group => session is null ? null : GrainFactory.GetGrain<IConsumerGroupWorkersGrain>(session.Group);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A stream this silo serves whose worker already joined: the previous activation was lost
        // (its directory entry went with a dead silo, or it was collected). Serve the worker on: its
        // registration in the group names this grain, and it is still attached.
        if (streams.Find(this.GetPrimaryKeyString()) is { Joined: true } attachment)
        {
            Bind(attachment.Session, attachment.Reference);
            logger.WorkerTakenOver(attachment.Session.Consumer.Value, attachment.Session.Group);
        }

        return Task.CompletedTask;
    }

    public async Task Attach(WorkerSession joining, IWorkerObserver worker)
    {
        ArgumentNullException.ThrowIfNull(joining);
        ArgumentNullException.ThrowIfNull(worker);
        Bind(joining, worker);
        if (!joining.Streamed)
        {
            var clientKey = ClientKeyOf(worker);
            watch = connections.Watch(clientKey, () => gone.TrySetResult());
            if (!connections.Identifies(clientKey))
            {
                // The connection's opening did not name the client: Orleans' preamble changed, or the
                // worker attached through another silo's gateway. Its death is then found by its lease.
                logger.WorkerConnectionUnidentified(joining.Consumer.Value, joining.Group, joining.Lease);
            }
        }

        var registration = new ConsumerRegistration(joining.Consumer, this.AsReference<IConsumerGrain>()) { MaxInFlight = joining.MaxInFlight, AffinityTags = joining.AffinityTags };
        await Group!.AddWorker(registration, new WorkerInfo(joining.Host, joining.ProcessId, silo.SiloAddress.ToString(), time.GetUtcNow())
        {
            Kind = joining.Streamed ? WorkerKind.WorkerProtocol : WorkerKind.OrleansClient,
        });
        logger.WorkerAttached(joining.Consumer.Value, joining.Group, joining.Host, joining.ProcessId);
    }

    /// <summary>Serves <paramref name="worker"/> from now on: the stream itself when this silo serves it, its lease watched, its end awaited.</summary>
    private void Bind(WorkerSession joining, IWorkerObserver worker)
    {
        var attached = session is not null && observer is not null;
        session = joining;
        observer = worker;
        target = (joining.Streamed ? streams.Find(this.GetPrimaryKeyString())?.Stream : null) ?? worker;
        goneReason = null;
        renewedAt = time.GetTimestamp();
        watch?.Dispose();
        watch = null;
        if (!attached)
        {
            _ = LeaveWhenGoneAsync(gone.Task);
        }

        lease ??= this.RegisterGrainTimer(static (grain, _) => grain.CheckLeaseAsync(), this, new GrainTimerCreationOptions(joining.Lease / 4, joining.Lease / 4) { KeepAlive = true });
    }

    public Task<bool> Renew()
    {
        renewedAt = time.GetTimestamp();
        return Task.FromResult(observer is not null);
    }

    public Task Gone(string reason)
    {
        if (session is not null && observer is not null)
        {
            goneReason = reason;
            gone.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public async Task Leave(TimeSpan patience)
    {
        if (session is not { } leaving || Group is not { } group)
        {
            return;
        }

        // No new messages; then wait for every message granted before that to end, at the group
        // (told as their dispatches end) and here.
        var waited = time.GetTimestamp();
        await group.RemoveWorker(leaving.Consumer, this.GetGrainId());
        await group.AwaitDrained(leaving.Consumer, patience);
        var left = patience - time.GetElapsedTime(waited);
        if (inFlight > 0 && left > TimeSpan.Zero)
        {
            idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await idle.Task.WaitAsync(left, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        logger.WorkerLeft(leaving.Consumer.Value, leaving.Group, "it stopped");
        Detach();
    }

    public async Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        if (target is not { } worker)
        {
            // A silo that held this worker died, or the worker left: nobody is attached here. Its
            // registration, if the group still has it, goes.
            if (WorkerKey.Parse(this.GetPrimaryKeyString()) is { } stale)
            {
                Background.Observe(GrainFactory.GetGrain<IConsumerGroupWorkersGrain>(stale.Group).RemoveWorker(stale.Consumer, this.GetGrainId()));
            }

            throw new WorkerGoneException($"No worker process is attached to worker grain {this.GetPrimaryKeyString()} (its silo was lost, or it left).");
        }

        var closed = gone.Task;
        inFlight++;
        try
        {
            // A call through an Orleans reference races the worker's end (its connection's close); the
            // stream itself, on this silo, fails every delivery it holds the moment it ends.
            var call = worker.Consume(message, cancellationToken);
            if (ReferenceEquals(worker, observer) && !call.IsCompleted && await Task.WhenAny(call, closed) == closed)
            {
                Background.Observe(call);
                throw new WorkerGoneException($"Worker {session?.Consumer} ({session?.Host}, process {session?.ProcessId}) is gone: {goneReason ?? "its connection closed"}.");
            }

            await call;
        }
        finally
        {
            if (--inFlight == 0 && idle is { } waiting)
            {
                idle = null;
                waiting.TrySetResult();
            }
        }
    }

    /// <summary>The client's id in an observer's grain id (<c>{client}+{observer}</c>): what the client's connection opens with.</summary>
    internal static string ClientKeyOf(IWorkerObserver worker)
    {
        var key = worker.GetGrainId().Key.ToString();
        var separator = key.IndexOf('+', StringComparison.Ordinal);
        return separator > 0 ? key[..separator] : key;
    }

    private async Task LeaveWhenGoneAsync(Task closed)
    {
        await closed;
        if (session is { } dead && observer is not null)
        {
            logger.WorkerLeft(dead.Consumer.Value, dead.Group, goneReason ?? "its connection closed");
            await RemoveSelfAsync(dead);
        }
    }

    private async Task CheckLeaseAsync()
    {
        if (session is { } current && observer is not null && time.GetElapsedTime(renewedAt) > current.Lease)
        {
            logger.WorkerLeft(current.Consumer.Value, current.Group, $"it did not renew its lease of {current.Lease}");
            gone.TrySetResult();
            await RemoveSelfAsync(current);
        }
    }

    private async Task RemoveSelfAsync(WorkerSession dead)
    {
        Detach();
        try
        {
            await GrainFactory.GetGrain<IConsumerGroupWorkersGrain>(dead.Group).RemoveWorker(dead.Consumer, this.GetGrainId());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The group could not be reached: its next attempt to this worker fails and removes it again.
            logger.WorkerRemovalFailed(exception, dead.Consumer.Value, dead.Group);
        }
    }

    private void Detach()
    {
        observer = null;
        target = null;
        watch?.Dispose();
        watch = null;
        gone.TrySetResult();
        gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lease?.Dispose();
        lease = null;
        DeactivateOnIdle();
    }
}
