using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// The Python worker package's demo (<c>python3 -m orleans_dispatch_worker</c>, Debian's interpreter,
/// <c>PYTHONPATH=clients/python</c>), attached to a silo's worker protocol endpoint, with what it
/// printed read back: each message it took and each it acknowledged.
/// </summary>
internal sealed class PythonWorkerProcess : IAsyncDisposable
{
    /// <summary>Debian's interpreter: the one that sees python3-grpcio and python3-protobuf (a pyenv python3 may come first on PATH).</summary>
    public const string Python = "/usr/bin/python3";

    private readonly ConsumedLines consumed = new();
    private readonly TaskCompletionSource attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? nextAttach;

    private PythonWorkerProcess(string id) => Id = id;

    public string Id { get; }

    public ChildProcess Process { get; private set; } = null!;

    /// <summary>Message ids this process acknowledged.</summary>
    public IReadOnlyCollection<string> Acked => consumed.Acked;

    /// <summary>Message ids it took and has not acknowledged.</summary>
    public IReadOnlyCollection<string> InHand => consumed.InHand;

    /// <summary>The id of the next message it takes from now on.</summary>
    public Task<string> NextTakenAsync() => consumed.NextTakenAsync();

    /// <summary>The line of its next attach from now on (after a lost stream: through which silo).</summary>
    public Task<string> NextAttachAsync()
    {
        var next = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref nextAttach, next);
        return next.Task;
    }

    /// <summary>Starts the demo and waits until it attached.</summary>
    /// <param name="extra">More arguments (<c>--tls-ca</c> and so on).</param>
    public static async Task<PythonWorkerProcess> StartAsync(string address, string group, string id, int maxInFlight, int delayMs, double failRate = 0, IReadOnlyList<string>? extra = null)
    {
        var worker = Launch(address, group, id, maxInFlight, delayMs, failRate, extra);
        await worker.attached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Starts the demo without waiting for it to attach (one the silo is expected to refuse).</summary>
    public static PythonWorkerProcess Launch(string address, string group, string id, int maxInFlight, int delayMs, double failRate = 0, IReadOnlyList<string>? extra = null)
    {
        var worker = new PythonWorkerProcess(id);
        worker.Process = ChildProcess.Start(
            $"python-{id}",
            Python,
            ["-m", "orleans_dispatch_worker", group, "--id", id, "--address", address,
                "--max-in-flight", maxInFlight.ToString(CultureInfo.InvariantCulture), "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture),
                "--fail-rate", failRate.ToString(CultureInfo.InvariantCulture), .. extra ?? []],
            new Dictionary<string, string> { ["PYTHONPATH"] = Path.Combine(RepoPaths.Root, "clients", "python"), ["PYTHONUNBUFFERED"] = "1" },
            worker.Read);
        return worker;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private void Read(string line)
    {
        if (!consumed.Read(line) && line.Contains(" attached to group ", StringComparison.Ordinal))
        {
            attached.TrySetResult();
            Interlocked.Exchange(ref nextAttach, null)?.TrySetResult(line);
        }
    }
}
