using System.Runtime.CompilerServices;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Raises the thread pool's floor for the test process. Some tests block pool threads on purpose
/// (a slow routing function sleeps, a blocking one waits to be released: custom routing functions
/// run on the thread pool), while test classes run in parallel on a 2-core machine. With the
/// default floor of one thread per core, the pool then adds threads about one per half second,
/// and every timer of the other tests fires that much late (a 300 ms call timeout fired after
/// 3 s once). A floor of 32 keeps such blocking from delaying anything else.
/// </summary>
internal static class ThreadPoolFloor
{
    private const int Threads = 32;

    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Threads), Math.Max(completionPorts, Threads));
    }
}
