using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Workers;

namespace Orleans.Dispatch;

/// <summary>
/// A worker process's membership in one group: it attaches through the client's gateway (retrying
/// with backoff while the cluster cannot be reached), renews its lease, attaches again when its
/// worker grain was lost with a silo (at once when the client loses a gateway), and on stop leaves
/// and drains (no new messages; those granted already end), all within <see cref="DispatchWorkerOptions.DrainTimeout"/>.
/// </summary>
internal static partial class DispatchWorker
{
    /// <summary>The first wait before attaching again after a failed attach; it doubles, with jitter, up to <see cref="LongestAttachDelay"/>.</summary>
    private static readonly TimeSpan FirstAttachDelay = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan LongestAttachDelay = TimeSpan.FromSeconds(5);

    /// <summary>How soon a failed renewal is tried again (the regular cadence is a quarter of the lease).</summary>
    private static readonly TimeSpan RenewalRetry = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(
        IClusterClient client, string group, Func<RoutingMessage, CancellationToken, Task> handler, DispatchWorkerOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        var consumer = new ConsumerId(options.ConsumerId);
        var session = new WorkerSession(group, consumer, options.MaxInFlight, [.. options.AffinityTags.Order(StringComparer.Ordinal)], Environment.MachineName, Environment.ProcessId, options.Lease);
        var observer = new WorkerObserver(handler);
        var reference = client.CreateObjectReference<IWorkerObserver>(observer);
        var grain = client.GetGrain<IWorkerGrain>(WorkerKey.For(group, consumer, Guid.NewGuid()));
        try
        {
            try
            {
                await AttachAsync(grain, session, reference, time, logger, stopping);
                LogJoined(logger, consumer.Value, group, options.MaxInFlight);
                var gatewayLoss = client.ServiceProvider.GetService(typeof(GatewayLoss)) as GatewayLoss;
                await RenewUntilStoppedAsync(grain, session, reference, options.Lease / 4, gatewayLoss, time, logger, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopped while a call was out (the attach, a renewal, a join again): the call may
                // have landed, and messages may be in hand, so the stop drains all the same.
            }

            await LeaveAndDrainAsync(grain, observer, consumer, group, options, time, logger);
        }
        finally
        {
            client.DeleteObjectReference<IWorkerObserver>(reference);
        }
    }

    /// <summary>The first attach: tried again with backoff while the failure is transient (the cluster starting, a gateway lost), until <paramref name="stopping"/>.</summary>
    private static async Task AttachAsync(IWorkerGrain grain, WorkerSession session, IWorkerObserver reference, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        var delay = FirstAttachDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grain.Attach(session, reference).WaitAsync(stopping);
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested && TransientFailure.IsTransient(exception))
            {
                var wait = delay * (0.5 + (Random.Shared.NextDouble() / 2));
                LogAttachFailed(logger, session.Consumer.Value, session.Group, attempt, wait, exception.Message);
                await Task.Delay(wait, time, stopping);
                delay = delay * 2 > LongestAttachDelay ? LongestAttachDelay : delay * 2;
            }
        }
    }

    /// <summary>
    /// Renews the lease every <paramref name="renewal"/> (at once when the client loses a gateway,
    /// and again soon after a renewal failed) until <paramref name="stopping"/>, attaching again when
    /// the worker grain was lost.
    /// </summary>
    private static async Task RenewUntilStoppedAsync(
        IWorkerGrain grain, WorkerSession session, IWorkerObserver reference, TimeSpan renewal, GatewayLoss? gatewayLoss, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        var wait = renewal;
        while (true)
        {
            // No wait that outlives its turn: a delay that never ends would keep a registration on
            // the stopping token for every renewal until the worker stops.
            var due = Task.Delay(wait, time, stopping);
            await (gatewayLoss is null ? due : Task.WhenAny(due, gatewayLoss.Next));
            stopping.ThrowIfCancellationRequested();
            try
            {
                if (await grain.RenewOrAttachAgainAsync(session, reference, renewal, time, stopping))
                {
                    // Its worker grain was lost with a silo (or dropped it): it joined again.
                    LogRejoined(logger, session.Consumer.Value, session.Group);
                }

                wait = renewal;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested && TransientFailure.IsTransient(exception))
            {
                LogRenewalFailed(logger, session.Consumer.Value, session.Group, exception.Message);
                wait = renewal < RenewalRetry ? renewal : RenewalRetry;
            }
        }
    }

    /// <summary>
    /// A graceful stop: no new messages, and those already granted end before the worker goes. The
    /// whole of it takes at most <see cref="DispatchWorkerOptions.DrainTimeout"/> (a silo that does
    /// not answer the leave in time: the lease removes the worker when it ends).
    /// </summary>
    private static async Task LeaveAndDrainAsync(
        IWorkerGrain grain, WorkerObserver observer, ConsumerId consumer, string group, DispatchWorkerOptions options, TimeProvider time, ILogger logger)
    {
        var started = time.GetTimestamp();
        try
        {
            await grain.Leave(options.DrainTimeout).WaitAsync(options.DrainTimeout, time, CancellationToken.None);
        }
        catch (Exception exception) when (exception is TimeoutException || TransientFailure.IsTransient(exception))
        {
            LogLeaveFailed(logger, consumer.Value, group, exception.Message);
        }

        var left = options.DrainTimeout - time.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await observer.IdleAsync().WaitAsync(left, time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        LogLeft(logger, consumer.Value, group);
    }

    [LoggerMessage(1, LogLevel.Information, "Worker {Consumer} joined group {Group}, taking up to {MaxInFlight} at once")]
    private static partial void LogJoined(ILogger logger, string consumer, string group, int maxInFlight);

    [LoggerMessage(2, LogLevel.Warning, "Worker {Consumer} joined group {Group} again: its silo-side grain was lost")]
    private static partial void LogRejoined(ILogger logger, string consumer, string group);

    [LoggerMessage(3, LogLevel.Warning, "Worker {Consumer} of group {Group} could not renew its lease: {Failure}")]
    private static partial void LogRenewalFailed(ILogger logger, string consumer, string group, string failure);

    [LoggerMessage(5, LogLevel.Warning, "Worker {Consumer} could not leave group {Group}: {Failure}; its registration ends with its lease")]
    private static partial void LogLeaveFailed(ILogger logger, string consumer, string group, string failure);

    [LoggerMessage(6, LogLevel.Warning, "Worker {Consumer} could not attach to group {Group} (attempt {Attempt}): {Failure}; trying again in {Wait}")]
    private static partial void LogAttachFailed(ILogger logger, string consumer, string group, int attempt, TimeSpan wait, string failure);

    [LoggerMessage(4, LogLevel.Information, "Worker {Consumer} left group {Group} after its messages in hand ended")]
    private static partial void LogLeft(ILogger logger, string consumer, string group);
}
