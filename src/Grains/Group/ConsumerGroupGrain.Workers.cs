using Orleans.Dispatch.Group.Registrations;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of worker processes (<see cref="IConsumerGroupWorkersGrain"/>).</summary>
internal sealed partial class ConsumerGroupGrain
{
    /// <summary>Completed (and dropped) when leases may have ended, while a leave waits for a drain.</summary>
    private TaskCompletionSource? drainProgress;

    public async Task AddWorker(ConsumerRegistration registration, WorkerInfo worker)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(worker);
        if (registration.FindDefect() is { } defect)
        {
            throw new ArgumentException($"The worker's registration is malformed: {defect}.", nameof(registration));
        }

        await registrations.ChangeAsync(async current => current.With(registration, await ListAsync(current), worker), registration.Id);
        ServeWaitersSoon();
    }

    public async Task<bool> RemoveWorker(ConsumerId consumer, GrainId worker)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        var grain = worker.ToString();
        var registered = false;
        await registrations.ChangeAsync(
            current =>
            {
                registered = current.Consumers.Exists(c => c.Id == consumer.Value && string.Equals(c.GrainId, grain, StringComparison.Ordinal));
                return Task.FromResult(registered ? current.Without(consumer) : null);
            },
            consumer);
        ServeWaitersSoon();
        DrainMayHaveProgressed();
        return registered;
    }

    public async Task<bool> AwaitDrained(ConsumerId consumer, TimeSpan patience)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        var started = time.GetTimestamp();
        while (consumers.IsDraining(consumer))
        {
            var left = patience - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            drainProgress ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await drainProgress.Task.WaitAsync(left, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        return true;
    }

    /// <summary>Wakes the leaves waiting for a drain: leases may have ended (a batch of calls or ends, a sweep, a removal).</summary>
    private void DrainMayHaveProgressed()
    {
        if (drainProgress is { } waiting)
        {
            drainProgress = null;
            waiting.TrySetResult();
        }
    }
}
