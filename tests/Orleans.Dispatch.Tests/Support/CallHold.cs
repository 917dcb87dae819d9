using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Holds the calls a test silo starts to one method of a grain interface, on the grains a test
/// picks, until the hold is released or disposed: a call in flight that does not answer, as a
/// hung silo's. <see cref="CallWatchFilter"/> applies the holds; test-cluster silos run in the
/// test process.
/// </summary>
public sealed class CallHold : IDisposable
{
    private static readonly ConcurrentDictionary<CallHold, byte> Holds = new();
    private readonly Type grainInterface;
    private readonly string method;
    private readonly Func<GrainId, bool> target;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<bool> held = Channel.CreateUnbounded<bool>();
    private readonly Func<Exception>? failure;
    private int failuresLeft;

    private CallHold(Type grainInterface, string method, Func<GrainId, bool> target, Func<Exception>? failure = null, int failures = 0)
    {
        this.grainInterface = grainInterface;
        this.method = method;
        this.target = target;
        this.failure = failure;
        failuresLeft = failures;
    }

    /// <summary>How many calls <see cref="Failing{TGrainInterface}"/> failed so far.</summary>
    public int Failed { get; private set; }

    /// <summary>Fails the next <paramref name="times"/> calls of <paramref name="method"/> on a <typeparamref name="TGrainInterface"/> grain that <paramref name="target"/> picks with <paramref name="failure"/>'s exception; later calls run.</summary>
    public static CallHold Failing<TGrainInterface>(string method, Func<GrainId, bool> target, Func<Exception> failure, int times)
    {
        var hold = new CallHold(typeof(TGrainInterface), method, target, failure, times);
        hold.released.TrySetResult();
        Holds.TryAdd(hold, 0);
        return hold;
    }

    /// <summary>Holds every call of <paramref name="method"/> on a <typeparamref name="TGrainInterface"/> grain that <paramref name="target"/> picks.</summary>
    public static CallHold On<TGrainInterface>(string method, Func<GrainId, bool> target)
    {
        var hold = new CallHold(typeof(TGrainInterface), method, target);
        Holds.TryAdd(hold, 0);
        return hold;
    }

    /// <summary>Waits until one more call is being held.</summary>
    public async Task HeldAsync()
    {
        using var patience = new CancellationTokenSource(TestSettings.Patience);
        try
        {
            await held.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No call of {grainInterface.Name}.{method} was held within {TestSettings.Patience}.");
        }
    }

    /// <summary>Lets the held calls, and those to come, run.</summary>
    public void Dispose()
    {
        Holds.TryRemove(this, out _);
        released.TrySetResult();
    }

    /// <summary>What a call must wait for before it runs: a hold's release, or nothing.</summary>
    internal static Task? For(IIncomingGrainCallContext context)
    {
        if (Holds.IsEmpty)
        {
            return null;
        }

        foreach (var hold in Holds.Keys)
        {
            if (context.InterfaceMethod?.DeclaringType == hold.grainInterface && context.MethodName == hold.method && hold.target(context.TargetId))
            {
                if (hold.failure is { } fail)
                {
                    if (Interlocked.Decrement(ref hold.failuresLeft) < 0)
                    {
                        return null;
                    }

                    hold.Failed++;
                    return Task.FromException(fail());
                }

                hold.held.Writer.TryWrite(true);
                return hold.released.Task;
            }
        }

        return null;
    }
}
