using System.Diagnostics;
using System.Globalization;
using Orleans.Dispatch.Demo;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>
/// Worker processes as consumers, for real: the docker-compose silos as local processes (mutual
/// TLS, Redis), workers started as the CLI's <c>consume</c> with the compose client's settings,
/// a steady load through the retrying client, and workers killed, stopped and restarted.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Process")]
public sealed class WorkerProcessTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Workers = 16;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_killed_worker_is_rerouted_around_at_once_and_its_restart_with_the_same_id_starts_from_nothing_in_flight()
    {
        const string run = "workers-kill";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        const string group = "jobs";
        await using var first = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 20);
        await using var second = await WorkerProcess.StartAsync(cluster, group, "w2", maxInFlight: 8, delayMs: 20);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, Workers);
        await Task.Delay(Load);
        var killedAt = DateTimeOffset.UtcNow;
        first.Process.Kill();
        await Task.Delay(Load);
        await using var restarted = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 20);
        await Task.Delay(Load);
        var records = await load.StopAsync();

        // Every dispatch delivered, to a worker that acknowledged it.
        Assert.DoesNotContain(records, r => r.Failure is not null);
        var acked = new Dictionary<string, IReadOnlyCollection<string>> { ["w1"] = [.. first.Acked, .. restarted.Acked], ["w2"] = second.Acked };
        Assert.All(records, r => Assert.Contains(r.MessageId, acked[r.Outcome!.DeliveredTo.Value]));

        // The dead worker's messages were rerouted the moment its connection closed.
        var reroutes = records.SelectMany(r => r.Outcome!.Crashes).Where(c => c.Consumer.Value == "w1" && c.CrashObservedAt >= killedAt).Select(c => (c.CrashObservedAt - killedAt).TotalMilliseconds).Order().ToList();
        Assert.NotEmpty(reroutes);
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed; killed worker w1 at 16 in flight: {reroutes.Count} attempt(s) rerouted, kill to reroute p50 {reroutes[reroutes.Count / 2]:0} ms, max {reroutes[^1]:0} ms; restarted w1 took {restarted.Acked.Count} with at most {restarted.PeakInHand} in hand (MaxInFlight 8)"));
        Assert.True(reroutes[^1] < 5000, $"the dead worker's messages waited {reroutes[^1]:0} ms to be rerouted");

        // The restart is a new consumer: fresh in flight, never past its MaxInFlight.
        Assert.InRange(restarted.PeakInHand, 1, 8);
        var snapshot = await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot();
        Assert.Equal(["w1", "w2"], snapshot.Consumers.Select(c => c.Consumer.Value));
        Assert.Equal(restarted.Process.Id, snapshot.Workers[new ConsumerId("w1")].ProcessId);
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_drains_past_the_command_lines_own_stop_time_with_no_failure_and_no_reroute_and_leaves_the_group()
    {
        const string run = "workers-drain";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        const string group = "jobs";
        // Each of w1's messages takes 3 s: more than the 2 s System.CommandLine gives a command after SIGTERM by default.
        await using var leaving = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 3000);
        await using var staying = await WorkerProcess.StartAsync(cluster, group, "w2", maxInFlight: 8, delayMs: 50);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, Workers);
        await Task.Delay(Load);
        var justTaken = await leaving.NextTakenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var stopped = Stopwatch.StartNew();
        leaving.Process.Terminate();
        var exit = await leaving.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var drained = stopped.Elapsed;
        Assert.True(exit == 0, $"w1 exited with {exit} after SIGTERM:{Environment.NewLine}{leaving.Process.Output}");
        await Task.Delay(Load);
        var records = await load.StopAsync();

        Assert.DoesNotContain(records, r => r.Failure is not null);
        Assert.DoesNotContain(records, r => !r.Outcome!.DeliveredFirstTry);
        // Every message w1 took before SIGTERM, the last one 3 s of work away, ended in its hands.
        Assert.Contains(justTaken, leaving.Acked);
        Assert.Empty(leaving.InHand);
        Assert.All(records.Where(r => r.Outcome!.DeliveredTo.Value == "w1"), r => Assert.Contains(r.MessageId, leaving.Acked));
        var snapshot = await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot();
        Assert.Equal(["w2"], snapshot.Consumers.Select(c => c.Consumer.Value));
        Assert.Empty(snapshot.Draining);
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed, 0 rerouted; w1 (3 s a message) stopped with SIGTERM just after taking one, drained and exited 0 in {drained.TotalSeconds:0.0} s, {leaving.Acked.Count} acknowledged in all, and left the group"));
    }

    [Fact]
    public async Task A_group_of_grains_and_workers_spreads_by_in_flight_count_with_least_loaded()
    {
        const string run = "workers-mixed";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        const string group = "mixed";
        var grains = cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group);
        foreach (var key in new[] { "g1", "g2" })
        {
            var consumer = cluster.Admin.Client.GetGrain<IDemoConsumerGrain>($"{run}-{key}");
            await consumer.SetBehavior(new DemoBehavior(0, TimeSpan.FromMilliseconds(20)));
            await grains.AddConsumer(new ConsumerRegistration(new ConsumerId(key), consumer) { MaxInFlight = 8 });
        }

        await grains.SetRoutingFunction("least-loaded");
        await using var w1 = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 20);
        await using var w2 = await WorkerProcess.StartAsync(cluster, group, "w2", maxInFlight: 8, delayMs: 20);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, Workers);
        await Task.Delay(Load);
        var records = await load.StopAsync();

        Assert.DoesNotContain(records, r => r.Failure is not null);
        var shares = records.GroupBy(r => r.Outcome!.DeliveredTo.Value).ToDictionary(g => g.Key, g => (double)g.Count() / records.Count, StringComparer.Ordinal);
        Figures.Report(output, "workers.txt", $"{run}: {records.Count} dispatches over 2 grains and 2 workers with least-loaded: " + string.Join(", ", shares.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:P0}"))));
        Assert.All(new[] { "g1", "g2", "w1", "w2" }, id => Assert.True(shares.GetValueOrDefault(id) > 0.15, $"{id} took {shares.GetValueOrDefault(id):P0} of the messages"));
    }

    private static void Retries(DispatchClientOptions options)
    {
        options.Deadline = TimeSpan.FromSeconds(60);
        options.CallTimeout = TimeSpan.FromSeconds(5);
    }
}
