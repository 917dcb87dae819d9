using Orleans.Runtime;
using Orleans.Runtime.Diagnostics;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Hears Orleans' own lifecycle events for one grain, or the grains a predicate picks (test-cluster
/// silos run in the test process): how many activations they had, and when one finished deactivating.
/// </summary>
public sealed class Lifecycle : IObserver<GrainLifecycleEvents.LifecycleEvent>, IDisposable
{
    private readonly Func<GrainId, bool> watched;
    private readonly TaskCompletionSource<DeactivationReason> deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable subscription;
    private int activations;

    private Lifecycle(Func<GrainId, bool> watched)
    {
        this.watched = watched;
        subscription = GrainLifecycleEvents.AllEvents.Subscribe(this);
    }

    /// <summary>How many activations of the grain were created since the watch began.</summary>
    public int Activations => Volatile.Read(ref activations);

    /// <summary>Starts listening to <paramref name="grain"/>'s activations.</summary>
    public static Lifecycle Of(IAddressable grain)
    {
        var id = grain.GetGrainId();
        return new(g => g == id);
    }

    /// <summary>Starts listening to the activations of every grain <paramref name="watched"/> picks (grains whose keys are not known beforehand).</summary>
    public static Lifecycle OfAny(Func<GrainId, bool> watched) => new(watched);

    /// <summary>Waits until an activation of the grain has finished deactivating, and says why it deactivated.</summary>
    public Task<DeactivationReason> DeactivatedAsync(TimeSpan within) => deactivated.Task.WaitAsync(within);

    public void OnNext(GrainLifecycleEvents.LifecycleEvent value)
    {
        if (!watched(value.GrainContext.GrainId))
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
