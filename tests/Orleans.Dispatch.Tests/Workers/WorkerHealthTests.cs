using System.Globalization;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>
/// Worker processes that are alive but broken, for real (the compose silos as local processes, the
/// CLI's <c>consume</c>): one that fails every message (<c>--fail-rate 1.0</c>), and one that takes
/// messages and never answers without closing its connection. Its group learns of either within a
/// handful of messages, and no dispatch fails.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Process")]
public sealed class WorkerHealthTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int InFlight = 16;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_worker_failing_every_message_is_ejected_and_draws_only_its_trials()
    {
        const string run = "workers-failing";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        const string group = "jobs";
        await using var w1 = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 5);
        await using var w2 = await WorkerProcess.StartAsync(cluster, group, "w2", maxInFlight: 8, delayMs: 5);
        await using var broken = await WorkerProcess.StartAsync(cluster, group, "w3", maxInFlight: 8, delayMs: 0, failRate: 1.0);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, InFlight);
        await Task.Delay(Load);
        var records = await load.StopAsync();

        Assert.DoesNotContain(records, r => r.Failure is not null);
        var crashed = records.Count(r => r.Outcome!.ReroutedFrom.Any(c => c.Value == "w3"));
        var view = (await cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot()).Consumers.Single(c => c.Consumer.Value == "w3");
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed; w3 (--fail-rate 1.0) crashed {crashed} of them ({100.0 * crashed / records.Count:0.00} %) in {Load.TotalSeconds:0} s; w3 now {view.Health}"));
        // Ejected after five in a row (at most its eight in hand at once), then one trial per ejection: 2, 4 s.
        Assert.InRange(crashed, 5, 8 + 8 + 4);
        Assert.Contains(view.Health, new[] { ConsumerHealth.Ejected, ConsumerHealth.Probing });
        Assert.Contains("on purpose", view.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_never_answers_stops_drawing_messages_without_waiting_for_its_timeouts()
    {
        const string run = "workers-hanging";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        const string group = "jobs";
        await using var w1 = await WorkerProcess.StartAsync(cluster, group, "w1", maxInFlight: 8, delayMs: 5);
        await using var w2 = await WorkerProcess.StartAsync(cluster, group, "w2", maxInFlight: 8, delayMs: 5);
        // Room for 64: without health, round-robin would fill it (a third of the dispatches) and each would wait out the attempt timeout.
        await using var hanging = await WorkerProcess.StartAsync(cluster, group, "w3", maxInFlight: 64, delayMs: 600_000);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, InFlight);
        await Task.Delay(Load);
        var records = await load.StopAsync();

        Assert.DoesNotContain(records, r => r.Failure is not null);
        var waitedOut = records.Count(r => r.Outcome!.ReroutedFrom.Any(c => c.Value == "w3"));
        Figures.Report(output, "workers.txt", string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {records.Count} dispatches, 0 failed; w3 (takes messages, never answers) held {waitedOut} of them until the attempt timeout; the rest went to w1 and w2 (round-robin alone would give it a third, up to its 64)"));
        Assert.InRange(waitedOut, 1, 32);
        Assert.True(records.Count > 30 * waitedOut, $"{records.Count} dispatches, {waitedOut} held by the hanging worker");
    }

    private static void Retries(DispatchClientOptions options)
    {
        options.Deadline = TimeSpan.FromSeconds(60);
        options.CallTimeout = TimeSpan.FromSeconds(30);
    }
}
