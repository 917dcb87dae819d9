using Orleans.Runtime;
using Orleans.Runtime.Diagnostics;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Hears Orleans' own lifecycle events for one grain (test-cluster silos run in the test
/// process): how many activations it had, and when one finished deactivating.
/// </summary>
public sealed class Lifecycle : IObserver<GrainLifecycleEvents.LifecycleEvent>, IDisposable
{
    private readonly GrainId grain;
    private readonly TaskCompletionSource<DeactivationReason> deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable subscription;
    private int activations;

    private Lifecycle(GrainId grain)
    {
        this.grain = grain;
        subscription = GrainLifecycleEvents.AllEvents.Subscribe(this);
    }

    /// <summary>How many activations of the grain were created since the watch began.</summary>
    public int Activations => Volatile.Read(ref activations);

    /// <summary>Starts listening to <paramref name="grain"/>'s activations.</summary>
    public static Lifecycle Of(IAddressable grain) => new(grain.GetGrainId());

    /// <summary>Waits until an activation of the grain has finished deactivating, and says why it deactivated.</summary>
    public Task<DeactivationReason> DeactivatedAsync(TimeSpan within) => deactivated.Task.WaitAsync(within);

    public void OnNext(GrainLifecycleEvents.LifecycleEvent value)
    {
        if (value.GrainContext.GrainId != grain)
        {
            return;
        }

        switch (value)
        {
            case GrainLifecycleEvents.Created:
                Interlocked.Increment(ref activations);
                break;
            case GrainLifecycleEvents.Deactivated ended:
                deactivated.TrySetResult(ended.Reason);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose() => subscription.Dispose();
}
