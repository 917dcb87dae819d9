using System.Globalization;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Workers.Grpc;

/// <summary>
/// The Python worker package as real processes beside the compose silos (as local processes) and a
/// .NET worker (the CLI's <c>consume</c>) in one group: messages spread by least-loaded; a
/// <c>kill -9</c> of a Python worker reroutes what it held at once; SIGTERM drains it; a worker whose
/// silo is killed, paused or cut off from its peers attaches again through another, and one whose
/// grain's directory entry was on that silo keeps consuming.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Process")]
public sealed class PythonWorkerTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int InFlight = 16;

    [Fact]
    public async Task A_python_worker_shares_a_group_with_a_dotnet_worker_is_rerouted_around_at_once_when_killed_and_drains_on_sigterm()
    {
        const string run = "python-workers";
        await using var cluster = await DemoCluster.StartAsync(run, redis, options => options.Deadline = TimeSpan.FromSeconds(60));
        const string group = "inference";
        await using var dotnet = await WorkerProcess.StartAsync(cluster, group, "net-1", maxInFlight: 8, delayMs: 20);
        await using var python = await PythonWorkerProcess.StartAsync(cluster.Silos[0].WorkersAddress, group, "py-1", maxInFlight: 8, delayMs: 20);
        await using var drained = await PythonWorkerProcess.StartAsync(cluster.Silos[1].WorkersAddress, group, "py-2", maxInFlight: 8, delayMs: 20);
        await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).SetRoutingFunction("least-loaded");
        var workers = (await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot()).Workers;

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, InFlight);
        await Task.Delay(TimeSpan.FromSeconds(3));

        // kill -9 of py-1 while it holds messages.
        await python.NextTakenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var killedAt = DateTimeOffset.UtcNow;
        var heldWhenKilled = python.InHand.Count;
        python.Process.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));

        // SIGTERM of py-2: it leaves, finishes what it holds, and exits 0.
        var drainedBefore = drained.Acked.Count;
        drained.Process.Terminate();
        Assert.Equal(0, await drained.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var records = await load.StopAsync();

        Assert.Equal(WorkerKind.OrleansClient, workers[new ConsumerId("net-1")].Kind);
        Assert.Equal(WorkerKind.WorkerProtocol, workers[new ConsumerId("py-1")].Kind);
        Assert.DoesNotContain(records, r => r.Failure is not null);
        var byConsumer = records.GroupBy(r => r.Outcome!.DeliveredTo.Value).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.True(byConsumer.GetValueOrDefault("py-1") > 20 && byConsumer.GetValueOrDefault("net-1") > 20, "least-loaded spreads: " + string.Join(", ", byConsumer));
        var deliveredToPython = records.Where(r => r.Outcome!.DeliveredTo.Value == "py-1").Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(python.Acked.ToHashSet(StringComparer.Ordinal), deliveredToPython);

        var reroutedFromKilled = records.Select(r => r.Outcome!).Where(o => o.ReroutedFrom.Any(c => c.Value == "py-1")).ToList();
        Assert.NotEmpty(reroutedFromKilled);
        var slowest = reroutedFromKilled.Max(o => o.Crashes.First(c => c.Consumer.Value == "py-1").CrashObservedAt - killedAt);
        Assert.DoesNotContain(records, r => r.Outcome!.ReroutedFrom.Any(c => c.Value == "py-2"));
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed; delivered to {string.Join(", ", byConsumer.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}; py-1 killed holding {heldWhenKilled}: {reroutedFromKilled.Count} rerouted, the last crash seen {slowest.TotalMilliseconds:0} ms after the kill; py-2 drained on SIGTERM ({drained.Acked.Count - drainedBefore} acknowledged while draining), none rerouted"));
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"the killed worker's messages were rerouted {slowest.TotalMilliseconds:0} ms after the kill");
    }

    [Theory]
    [InlineData("killed")]
    [InlineData("paused")]
    [InlineData("cut-off")]
    public async Task A_python_worker_whose_silo_is_lost_attaches_again_through_another_and_no_dispatch_fails(string fault)
    {
        var run = $"python-silo-{fault}";
        IReadOnlyList<SiloUser>? users = null;
        if (fault == "cut-off")
        {
            // Each silo runs as a user of its own, so the firewall can cut one off from its peers alone.
            PrivateNetwork.Require();
            users = [.. Enumerable.Range(1, 3).Select(SiloUser.Get)];
            foreach (var user in users)
            {
                Firewall.MarkConnectionsOf(user);
            }
        }

        await using var cluster = await DemoCluster.StartAsync(run, redis, options => options.Deadline = TimeSpan.FromSeconds(60), users: users);
        const string group = "inference";
        await using var dotnet = await WorkerProcess.StartAsync(cluster, group, "net-1", maxInFlight: 8, delayMs: 20);

        // A consumer alive through the fault (were every consumer attached through the lost silo,
        // dispatches would find none registered until they attached again), whose grain's directory
        // entry is on the silo to be lost: Orleans deactivates such an activation when that silo dies,
        // and the new one must take the live worker over, not drop it from the group.
        var (survivor, through, lost) = await StartAwayFromDirectoryEntryAsync(cluster, group, "py-2");
        await using var survivorProcess = survivor;
        var fallback = cluster.Silos.First(s => s != lost && s != through);
        var takenOver = through.Process.LineContainingAsync("Worker py-2 of group inference", "took the worker over");

        // The worker under test: attached through the silo to be lost, with another to go to.
        await using var python = await PythonWorkerProcess.StartAsync($"{lost.WorkersAddress},{fallback.WorkersAddress}", group, "py-1", maxInFlight: 8, delayMs: 20);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, InFlight);
        await python.NextTakenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var attachedAgain = python.NextAttachAsync();
        var lostAt = load.Now;
        FirewallCut? cut = null;
        switch (fault)
        {
            case "killed":
                lost.Process.Kill(); // the stream breaks at once
                break;
            case "paused":
                lost.Process.Pause(); // SIGSTOP: the stream stays open and silent; the worker's keepalive pings find it out
                break;
            default:
                // Cut off from its peers' silo ports only: the worker's stream to it stays up until the
                // cluster declares it dead and it stops itself.
                cut = Firewall.Cut(lost, cluster.Silos.Where(s => s != lost));
                break;
        }

        string line;
        using (cut)
        {
            line = await attachedAgain.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var reattachedAt = load.Now;
        var tookAgain = await python.NextTakenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var survivorNext = survivor.NextTakenAsync();
        Assert.True(
            await Task.WhenAny(survivorNext, Task.Delay(TimeSpan.FromSeconds(30))) == survivorNext,
            "py-2 (attached through a live silo, its grain's directory entry on the lost one) took nothing in 30 s after the loss: its group dropped it");
        var survivorTook = await survivorNext;
        await takenOver.WaitAsync(TimeSpan.FromSeconds(30));
        var records = await load.StopAsync();

        Assert.DoesNotContain(records, r => r.Failure is not null);
        Assert.Contains($":{fallback.SiloPort}:", line, StringComparison.Ordinal);
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed; py-1's silo {fault}, it attached again through {fallback.Name} {(reattachedAt - lostAt).TotalSeconds:0.0} s after, and took {tookAgain}; py-2's grain (its directory entry on the lost silo) was activated again and took it over, and it took {survivorTook}; longest dispatch {records.Max(r => r.Latency).TotalSeconds:0.0} s"));
        Assert.True(reattachedAt - lostAt < TimeSpan.FromSeconds(30), $"the worker attached again {(reattachedAt - lostAt).TotalSeconds:0.0} s after its silo was {fault}");
    }

    /// <summary>
    /// Starts Python worker <paramref name="id"/> through one silo after another until its grain's
    /// entry in the grain directory is on another silo than the one it attached through (its key
    /// holds a random session, and each silo owns its share of the directory's ring): the worker,
    /// the silo it attached through, and the one holding its directory entry.
    /// </summary>
    private static async Task<(PythonWorkerProcess Worker, LocalSilo Through, LocalSilo Owner)> StartAwayFromDirectoryEntryAsync(ProcessCluster cluster, string group, string id)
    {
        var active = await ClusterTopology.ActiveSilosAsync(cluster.Admin.Client);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var through = cluster.Silos[attempt % cluster.Silos.Length];
            var worker = await PythonWorkerProcess.StartAsync(through.WorkersAddress, group, id, maxInFlight: 8, delayMs: 20);
            var grain = (await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot()).ConsumerGrains[new ConsumerId(id)];
            var owner = DemoCluster.SiloOf(cluster.Silos, ClusterTopology.DirectoryOwnerOf(grain, active));
            if (owner != through)
            {
                return (worker, through, owner);
            }

            await worker.DisposeAsync();
        }

        throw new InvalidOperationException($"30 starts of {id} never put its grain's directory entry on another silo than the one it attached through");
    }
}
