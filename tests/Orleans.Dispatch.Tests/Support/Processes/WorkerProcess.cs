using System.Collections.Concurrent;
using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A worker process: the CLI's <c>consume</c>, connected as docker-compose's client service is
/// (Redis membership, mutual TLS), with what it printed read back: each message it took and each
/// it acknowledged, and the most it had in hand at once.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> acked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> inHand = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? nextTook;
    private int peak;

    private WorkerProcess(string id) => Id = id;

    public string Id { get; }

    public ChildProcess Process { get; private set; } = null!;

    /// <summary>Message ids this process acknowledged (printed before it returned from its handler).</summary>
    public IReadOnlyCollection<string> Acked => [.. acked.Keys];

    /// <summary>The most messages it had in hand at once.</summary>
    public int PeakInHand => Volatile.Read(ref peak);

    /// <summary>Message ids it took and has not acknowledged.</summary>
    public IReadOnlyCollection<string> InHand => [.. inHand.Keys];

    /// <summary>The id of the next message it takes from now on.</summary>
    public Task<string> NextTakenAsync()
    {
        var next = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref nextTook, next);
        return next.Task;
    }

    public static async Task<WorkerProcess> StartAsync(ProcessCluster cluster, string group, string id, int maxInFlight, int delayMs, double failRate = 0)
    {
        var environment = ComposeEnvironment.Resolve(ComposeFile.Load(RepoPaths.ComposeFile)["client"].Environment, cluster.Redis, DevCertificates.Shared, ComposeFile.Secrets(RepoPaths.ComposeFile));
        environment["Redis__ConnectionString"] = cluster.Redis.Endpoint;
        environment["Cluster__ClusterId"] = cluster.Silos[0].Environment["Cluster__ClusterId"];
        environment["Cluster__ServiceId"] = cluster.Silos[0].Environment["Cluster__ServiceId"];
        var worker = new WorkerProcess(id);
        worker.Process = ChildProcess.Start(
            $"worker-{id}",
            "dotnet",
            [RepoPaths.CliDll, "consume", group, "--id", id, "--max-in-flight", maxInFlight.ToString(CultureInfo.InvariantCulture), "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture), "--fail-rate", failRate.ToString(CultureInfo.InvariantCulture)],
            environment,
            worker.Read);
        await worker.joined.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private void Read(string line)
    {
        if (line.StartsWith("worker ", StringComparison.Ordinal))
        {
            joined.TrySetResult();
        }
        else if (line.StartsWith("took ", StringComparison.Ordinal))
        {
            inHand[line[5..]] = 0;
            Interlocked.Exchange(ref nextTook, null)?.TrySetResult(line[5..]);
            var now = inHand.Count;
            for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
            {
            }
        }
        else if (line.StartsWith("acked ", StringComparison.Ordinal))
        {
            acked[line[6..]] = 0;
            inHand.TryRemove(line[6..], out _);
        }
    }
}
