using Orleans.Dispatch.Workers;

namespace Orleans.Dispatch;

/// <summary>The object the silo calls over the worker's connection: it runs the handler and counts what is in hand.</summary>
internal sealed class WorkerObserver(Func<RoutingMessage, CancellationToken, Task> handler) : IWorkerObserver
{
    private readonly TaskCompletionSource idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int inHand;
    private bool stopping;

    /// <summary>Messages being handled now.</summary>
    public int InHand => Volatile.Read(ref inHand);

    public async Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref inHand);
        try
        {
            await handler(message, cancellationToken);
        }
        finally
        {
            if (Interlocked.Decrement(ref inHand) == 0 && Volatile.Read(ref stopping))
            {
                idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes once nothing is in hand (after the worker left its group, nothing new comes).</summary>
    public Task IdleAsync()
    {
        Volatile.Write(ref stopping, true);
        if (InHand == 0)
        {
            idle.TrySetResult();
        }

        return idle.Task;
    }
}
