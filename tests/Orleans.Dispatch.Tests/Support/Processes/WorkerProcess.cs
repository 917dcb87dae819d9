using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A worker process: the CLI's <c>consume</c>, connected as docker-compose's client service is
/// (Redis membership, mutual TLS), with what it printed read back: each message it took and each
/// it acknowledged, and the most it had in hand at once.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly ConsumedLines consumed = new();
    private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(string id) => Id = id;

    public string Id { get; }

    public ChildProcess Process { get; private set; } = null!;

    /// <summary>Message ids this process acknowledged (printed before it returned from its handler).</summary>
    public IReadOnlyCollection<string> Acked => consumed.Acked;

    /// <summary>The most messages it had in hand at once.</summary>
    public int PeakInHand => consumed.PeakInHand;

    /// <summary>Message ids it took and has not acknowledged.</summary>
    public IReadOnlyCollection<string> InHand => consumed.InHand;

    /// <summary>The id of the next message it takes from now on.</summary>
    public Task<string> NextTakenAsync() => consumed.NextTakenAsync();

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
        if (!consumed.Read(line) && line.StartsWith("worker ", StringComparison.Ordinal))
        {
            joined.TrySetResult();
        }
    }
}
