using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Failover;

/// <summary>
/// The other side of fast failure detection: a silo that is only busy, or paused for a moment,
/// must not be declared dead. Three silos on this machine's two cores, a load that keeps the CPU
/// busy, and every 20 s a random silo paused for 1.5 s; the figure is how many deaths membership
/// declared (the target is none). A measurement of ten minutes by default
/// (<c>DISPATCH_FALSE_DEATH_MINUTES</c>), so it is not part of <c>scripts/test.sh</c>:
/// <c>scripts/false-deaths.sh</c> runs it.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Measurement")]
public sealed partial class NoFalseDeathTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Workers = 96;
    private static readonly TimeSpan PauseEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_busy_cluster_whose_silos_pause_for_a_moment_declares_no_silo_dead()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("DISPATCH_FALSE_DEATH_MINUTES") ?? "10", CultureInfo.InvariantCulture);
        const string run = "false-deaths";
        await using var cluster = await DemoCluster.StartAsync(run, redis, o => o.Deadline = TimeSpan.FromSeconds(60));
        var layout = await DemoCluster.PlaceGroupAsync(cluster);
        await DemoCluster.RegisterConsumersAsync(cluster, layout.Group, avoid: null);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, layout.Group, run, Workers);
        var cpu = CpuSampler.Start();
        var pauses = 0;
        await using (var watch = new MembershipWatch(cluster.Silos, () => load.Now))
        {
            var end = load.Now + TimeSpan.FromMinutes(minutes);
            while (load.Now + PauseEvery < end)
            {
                await Task.Delay(PauseEvery - Pause);
                var silo = cluster.Silos[Random.Shared.Next(cluster.Silos.Length)];
                silo.Process.Pause();
                await Task.Delay(Pause);
                silo.Process.Resume();
                pauses++;
            }

            var busy = cpu.BusyShare();
            var records = await load.StopAsync();
            var exited = cluster.Silos.Count(s => s.Process.HasExited);
            var mostMissed = cluster.Silos.SelectMany(s => MissedProbes().Matches(s.Process.Output)).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            Figures.Report(
                output,
                "false-deaths.txt",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{minutes:0.#} min, 3 silos, CPU {busy:P0} busy, {records.Count} dispatches ({records.Count(r => r.Failure is not null)} failed), {pauses} pauses of {Pause.TotalSeconds} s: " +
                    $"{exited} silo(s) declared dead, fewest active silos seen {watch.FewestActiveSeen}, most probes missed in a row {mostMissed}"));

            Assert.Equal(0, exited);
            Assert.Equal(3, watch.FewestActiveSeen);
            Assert.DoesNotContain(records, r => r.Failure is not null);
        }
    }

    [GeneratedRegex("consecutive failed probes is (\\d+)")]
    private static partial Regex MissedProbes();
}
