using System.Diagnostics;
using System.Globalization;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// Worker processes for the <c>worker</c> path (this bench run again with <c>--worker-mode</c>, an
/// Orleans client) and the <c>grpc-worker</c> path (<c>--grpc-worker-mode</c>, the worker protocol),
/// each joined to its path's group, ended by closing its input.
/// </summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    private readonly List<Process> processes = [];

    public static Task<WorkerProcesses> StartAsync(int gatewayPort, int count) => StartAsync("--worker-mode", gatewayPort, WorkerMode.Group, count);

    public static Task<WorkerProcesses> StartGrpcAsync(int workersPort, int count) => StartAsync("--grpc-worker-mode", workersPort, GrpcWorkerMode.Group, count);

    /// <summary>gRPC workers on the bench's bare echo stream (the floor under the worker protocol), not the worker protocol.</summary>
    public static Task<WorkerProcesses> StartEchoAsync(int workersPort, int count) => StartAsync("--grpc-worker-mode", workersPort, GrpcWorkerMode.EchoGroup, count);

    private static async Task<WorkerProcesses> StartAsync(string mode, int port, string group, int count)
    {
        var started = new WorkerProcesses();
        for (var i = 0; i < count; i++)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };

            // A worker is a small client: workstation GC, as such processes run (server GC's heaps and threads per process crowd two cores).
            info.Environment["DOTNET_gcServer"] = "0";
            if (!Environment.ProcessPath!.EndsWith("Orleans.Dispatch.Bench", StringComparison.Ordinal))
            {
                info.ArgumentList.Add(typeof(WorkerProcesses).Assembly.Location);
            }

            foreach (var argument in new[] { mode, port.ToString(CultureInfo.InvariantCulture), group, $"w{i}" })
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info)!;
            started.processes.Add(process);
            while (await process.StandardOutput.ReadLineAsync() is { } line && line != "READY")
            {
            }
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            process.StandardInput.Close();
        }

        foreach (var process in processes)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(patience.Token);
            process.Dispose();
        }
    }
}
