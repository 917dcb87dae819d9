namespace Orleans.Dispatch.Bench.Scenarios.Echo;

/// <summary>The echo workers attached to the bench's silo process; round trips go to them in turn.</summary>
internal sealed class EchoPeers
{
    private readonly Lock gate = new();
    private EchoPeer[] peers = [];
    private TaskCompletionSource<int> changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(EchoPeer peer) => Change(current => [.. current, peer]);

    public void Remove(EchoPeer peer) => Change(current => [.. current.Where(p => p != peer)]);

    /// <summary>Waits until <paramref name="count"/> echo workers are attached.</summary>
    public async Task WaitForAsync(int count)
    {
        while (true)
        {
            Task<int> next;
            lock (gate)
            {
                if (peers.Length >= count)
                {
                    return;
                }

                next = changed.Task;
            }

            await next.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A round trip of message <paramref name="sequence"/> to one of the workers, in turn.</summary>
    public Task RoundTripAsync(long sequence, string messageId)
    {
        var current = Volatile.Read(ref peers);
        return current[(int)(sequence % current.Length)].RoundTripAsync(messageId);
    }

    private void Change(Func<EchoPeer[], EchoPeer[]> change)
    {
        TaskCompletionSource<int> done;
        lock (gate)
        {
            peers = change(peers);
            done = changed;
            changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult(peers.Length);
    }
}
