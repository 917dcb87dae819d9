using System.Diagnostics;

namespace Orleans.Dispatch.Cli.Load;

/// <summary>Sends a <see cref="LoadPlan"/> through the retrying client, <see cref="LoadPlan.Concurrency"/> at a time.</summary>
internal static class LoadRunner
{
    public static async Task<LoadReport> RunAsync(IDispatchClient client, LoadPlan plan, Action<int>? progress, CancellationToken cancellationToken)
    {
        var report = new LoadReport(plan.Count);
        var next = -1;
        var total = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < plan.Count)
            {
                var message = plan.Message(index);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var outcome = await client.DispatchAsync(plan.Group, message, cancellationToken);
                    report.Record(Stopwatch.GetElapsedTime(started), outcome, null);
                }
                catch (Exception exception) when (exception is DispatchException or ArgumentException)
                {
                    report.Record(Stopwatch.GetElapsedTime(started), null, exception);
                }

                progress?.Invoke(1);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        report.Elapsed = total.Elapsed;
        return report;
    }
}
