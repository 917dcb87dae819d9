using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Workers;

namespace Orleans.Dispatch;

/// <summary>
/// A worker process's membership in one group: it attaches through the client's gateway, renews
/// its lease, attaches again when its worker grain was lost with a silo, and on stop leaves and
/// drains (no new messages; those granted already end).
/// </summary>
internal static partial class DispatchWorker
{
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
            await grain.Attach(session, reference).WaitAsync(stopping);
            LogJoined(logger, consumer.Value, group, options.MaxInFlight);
            var renewal = options.Lease / 4;
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(renewal, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    if (!await grain.Renew().WaitAsync(renewal, time, stopping))
                    {
                        // Its worker grain was lost with a silo (or dropped it): join again.
                        await grain.Attach(session, reference).WaitAsync(renewal, time, stopping);
                        LogRejoined(logger, consumer.Value, group);
                    }
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested && TransientFailure.IsTransient(exception))
                {
                    LogRenewalFailed(logger, consumer.Value, group, exception.Message);
                }
            }

            // A graceful stop: no new messages, and those already granted end before the worker goes.
            try
            {
                await grain.Leave(options.DrainTimeout).WaitAsync(options.DrainTimeout + options.Lease, time, CancellationToken.None);
            }
            catch (Exception exception) when (TransientFailure.IsTransient(exception))
            {
                LogRenewalFailed(logger, consumer.Value, group, exception.Message);
            }

            await observer.IdleAsync().WaitAsync(options.DrainTimeout, time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            LogLeft(logger, consumer.Value, group);
        }
        finally
        {
            client.DeleteObjectReference<IWorkerObserver>(reference);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Worker {Consumer} joined group {Group}, taking up to {MaxInFlight} at once")]
    private static partial void LogJoined(ILogger logger, string consumer, string group, int maxInFlight);

    [LoggerMessage(2, LogLevel.Warning, "Worker {Consumer} joined group {Group} again: its silo-side grain was lost")]
    private static partial void LogRejoined(ILogger logger, string consumer, string group);

    [LoggerMessage(3, LogLevel.Warning, "Worker {Consumer} of group {Group} could not renew its lease: {Failure}")]
    private static partial void LogRenewalFailed(ILogger logger, string consumer, string group, string failure);

    [LoggerMessage(4, LogLevel.Information, "Worker {Consumer} left group {Group} after its messages in hand ended")]
    private static partial void LogLeft(ILogger logger, string consumer, string group);
}
