using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>A steady dispatch load from the test process: a fixed number of workers, each dispatching one message after another until stopped.</summary>
public sealed class SteadyLoad : IDisposable
{
    private readonly ConcurrentBag<DispatchRecord> records = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;
    private int next;

    public SteadyLoad(IDispatchClient client, string group, string runId, int workers)
    {
        this.workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(client, group, runId)))];
    }

    /// <summary>Time since the load started.</summary>
    public TimeSpan Now => clock.Elapsed;

    public async Task<IReadOnlyList<DispatchRecord>> StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return [.. records.OrderBy(r => r.StartedAt)];
    }

    public void Dispose() => stop.Dispose();

    private async Task WorkAsync(IDispatchClient client, string group, string runId)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = $"{runId}-{Interlocked.Increment(ref next)}";
            var message = new RoutingMessage(id).With("order", FieldValue.Text(id));
            var started = clock.Elapsed;
            try
            {
                // Not cancelled by stop: every dispatch started is seen through to its end.
                var outcome = await client.DispatchAsync(group, message);
                records.Add(new DispatchRecord(id, started, clock.Elapsed - started, outcome, null));
            }
            catch (Exception exception)
            {
                records.Add(new DispatchRecord(id, started, clock.Elapsed - started, null, exception));
            }
        }
    }
}
