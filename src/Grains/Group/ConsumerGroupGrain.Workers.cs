using Orleans.Dispatch.Group.Registrations;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of worker processes (<see cref="IConsumerGroupWorkersGrain"/>).</summary>
internal sealed partial class ConsumerGroupGrain
{
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
        return registered;
    }
}
