using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Runtime.Diagnostics;

namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>
/// Hears Orleans' own lifecycle events (test-cluster silos run in the test process), so a test can
/// wait until an activation of a grain has really finished deactivating.
/// </summary>
public sealed class Deactivations : IObserver<GrainLifecycleEvents.LifecycleEvent>, IDisposable
{
    private readonly GrainId grain;
    private readonly TaskCompletionSource<DeactivationReason> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable subscription;

    private Deactivations(GrainId grain)
    {
        this.grain = grain;
        subscription = GrainLifecycleEvents.AllEvents.Subscribe(this);
    }

    /// <summary>Starts listening for the end of an activation of <paramref name="grain"/>.</summary>
    public static Deactivations Of(IAddressable grain) => new(grain.GetGrainId());

    /// <summary>Waits until an activation of the grain has finished deactivating, and says why it deactivated.</summary>
    public Task<DeactivationReason> EndedAsync(TimeSpan within) => ended.Task.WaitAsync(within);

    public void OnNext(GrainLifecycleEvents.LifecycleEvent value)
    {
        if (value is GrainLifecycleEvents.Deactivated deactivated && deactivated.GrainContext.GrainId == grain)
        {
            ended.TrySetResult(deactivated.Reason);
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
