using System.Runtime.CompilerServices;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// An awaitable that continues at the end of the thread pool's global queue, behind the work
/// queued before it (<c>Task.Yield</c> may prefer the current thread's local queue), without
/// flowing the execution context.
/// </summary>
internal sealed class ThreadPoolEnd : ICriticalNotifyCompletion
{
    /// <summary>The one instance: it holds no state.</summary>
    public static readonly ThreadPoolEnd Instance = new();

    private ThreadPoolEnd()
    {
    }

    /// <summary>Never completed: awaiting always moves on.</summary>
    public bool IsCompleted => false;

    /// <summary>Returns this, so the instance can be awaited.</summary>
    public ThreadPoolEnd GetAwaiter() => this;

    /// <summary>Nothing to return.</summary>
    public void GetResult()
    {
    }

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static action => action(), continuation, preferLocal: false);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(static action => action(), continuation, preferLocal: false);
}
