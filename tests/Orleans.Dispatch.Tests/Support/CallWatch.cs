using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Lets a test wait until a silo has started a grain call it caused (a repeat waiting in the
/// group, say): <see cref="CallWatchFilter"/> reports every call a test silo starts, and a watch
/// hears those to one grain and method. Test-cluster silos run in the test process.
/// </summary>
public sealed class CallWatch : IDisposable
{
    private static readonly ConcurrentDictionary<(GrainId Grain, string Method), CallWatch> Watches = new();
    private readonly Channel<bool> started = Channel.CreateUnbounded<bool>();
    private readonly (GrainId Grain, string Method) key;

    private CallWatch((GrainId Grain, string Method) key) => this.key = key;

    /// <summary>Starts listening for calls of <paramref name="method"/> on <paramref name="grain"/>.</summary>
    public static CallWatch For(IAddressable grain, string method)
    {
        var watch = new CallWatch((grain.GetGrainId(), method));
        if (!Watches.TryAdd(watch.key, watch))
        {
            throw new InvalidOperationException($"{method} on {watch.key.Grain} is watched already.");
        }

        return watch;
    }

    /// <summary>Waits until <paramref name="count"/> more such calls have started.</summary>
    public async Task StartedAsync(int count = 1)
    {
        using var patience = new CancellationTokenSource(TestSettings.Patience);
        for (var i = 0; i < count; i++)
        {
            try
            {
                await started.Reader.ReadAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Only {i} of {count} call(s) of {key.Method} on {key.Grain} started.");
            }
        }
    }

    public void Dispose() => Watches.TryRemove(key, out _);

    internal static void OnStarted(GrainId grain, string method)
    {
        if (!Watches.IsEmpty && Watches.TryGetValue((grain, method), out var watch))
        {
            watch.started.Writer.TryWrite(true);
        }
    }
}
