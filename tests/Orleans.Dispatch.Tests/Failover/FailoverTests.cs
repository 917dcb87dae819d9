using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Failover;

/// <summary>
/// A real crash: three silo processes on Redis membership (the docker-compose silos), a steady
/// load from the test process through the retrying client, and a silo killed with SIGKILL in each
/// role it can hold for the group, chosen from the cluster's real layout rather than by chance.
/// Receipts are written to Redis by the demo consumers before they acknowledge, so a killed silo
/// cannot take them along.
/// </summary>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed class FailoverTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Workers = 16;
    private static readonly TimeSpan SteadyFrom = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SteadyBeforeKill = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Dispatching must run steadily again within the silo host's failure detection bound (a dead
    /// silo is declared dead in about 3 s, at most 10 s; see FailureDetection) plus a few seconds.
    /// </summary>
    private static readonly TimeSpan ResumedWithin = TimeSpan.FromSeconds(12);

    [Fact]
    public Task No_dispatch_fails_when_the_silo_hosting_the_group_is_killed() => RunAsync(FailoverRole.GroupHost);

    [Fact]
    public Task No_dispatch_fails_when_the_silo_owning_the_groups_directory_entry_is_killed() => RunAsync(FailoverRole.DirectoryOwner);

    [Fact]
    public Task No_dispatch_fails_when_a_silo_hosting_only_consumers_is_killed() => RunAsync(FailoverRole.ConsumersOnly);

    [Fact]
    public Task No_dispatch_fails_when_the_clients_gateway_is_killed() => RunAsync(FailoverRole.ClientGateway);

    [Fact]
    public async Task No_dispatch_fails_when_two_silos_are_killed_one_after_the_other()
    {
        const string run = "failover-twice";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        var layout = await DemoCluster.PlaceGroupAsync(cluster, l => l.Isolates(FailoverRole.GroupHost));
        var (group, host) = (layout.Group, layout.Host);
        var consumers = await DemoCluster.RegisterConsumersAsync(cluster, group, avoid: null);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, Workers);
        await Task.Delay(SteadyBeforeKill);
        var firstKill = load.Now;
        host.Process.Kill();
        var survivors = cluster.Silos.Where(s => s != host).ToArray();
        foreach (var silo in survivors)
        {
            await silo.WaitHealthyAsync(activeSilos: 2, TimeSpan.FromSeconds(60));
        }

        await Task.Delay(SteadyBeforeKill);
        LocalSilo second, newOwner;
        await using (var inspector = await cluster.InspectorAsync(survivors))
        {
            var inspected = inspector.Client.GetGrain<IConsumerGroupGrain>(group);
            var newHost = DemoCluster.SiloOf(survivors, await ClusterTopology.HostOfAsync(inspector.Client, inspected));
            newOwner = DemoCluster.SiloOf(survivors, ClusterTopology.DirectoryOwnerOf(inspected.GetGrainId(), await ClusterTopology.ActiveSilosAsync(inspector.Client)));
            second = newOwner != newHost ? newOwner : newHost;
        }

        var secondKill = load.Now;
        second.Process.Kill();
        await Task.Delay(LoadAfterKill);
        var records = await load.StopAsync();

        var receipts = await DemoCluster.ReadReceiptsAsync(redis, run, consumers.Keys);
        var first = FailoverFigures.From(records, receipts, SteadyFrom, firstKill, secondKill);
        var next = FailoverFigures.From(records, receipts, secondKill - SteadyBeforeKill, secondKill, load.Now);
        Figures.Report(output, "failover.txt", $"{run}: killed {host.Name} (group host) at {firstKill.TotalSeconds:0.0}s. {first}");
        Figures.Report(output, "failover.txt", $"{run}: then killed {second.Name} ({(second == newOwner ? "owner of the group's directory entry" : "group host")}) at {secondKill.TotalSeconds:0.0}s. {next}");

        DemoCluster.AssertNoneFailedOrLost(records, receipts);
        AssertResumed(first);
        AssertResumed(next);
        await AssertRegistrationsIntactAsync(cluster, survivors.Where(s => s != second), group, consumers);
    }

    private async Task RunAsync(FailoverRole role)
    {
        var run = $"failover-{role.ToString().ToLowerInvariant()}";
        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries);
        var layout = await DemoCluster.PlaceGroupAsync(cluster, l => l.Isolates(role));
        var (group, host, victim) = (layout.Group, layout.Host, layout.Holding(role));
        var consumers = await DemoCluster.RegisterConsumersAsync(cluster, group, avoid: role == FailoverRole.ClientGateway ? victim : null);
        var victimConsumers = consumers.Where(c => c.Value == victim.SiloPort).Select(c => c.Key).ToList();
        Assert.Equal(role == FailoverRole.ClientGateway, victimConsumers.Count == 0);
        var directoryLog = role == FailoverRole.DirectoryOwner
            ? host.Process.LineContainingAsync("LocalGrainDirectory is deactivating", $":{victim.SiloPort}:", "primary directory partition")
            : null;

        using var load = new SteadyLoad(cluster.Load.Dispatcher, group, run, Workers);
        await Task.Delay(SteadyBeforeKill);
        var killedAt = load.Now;
        victim.Process.Kill();
        await Task.Delay(LoadAfterKill);
        var records = await load.StopAsync();

        var receipts = await DemoCluster.ReadReceiptsAsync(redis, run, consumers.Keys);
        var figures = FailoverFigures.From(records, receipts, SteadyFrom, killedAt, load.Now);
        Figures.Report(
            output,
            "failover.txt",
            $"{run}: killed {victim.Name} ({Describe(role)}; its consumers: {(victimConsumers.Count == 0 ? "none" : string.Join(",", victimConsumers))}) at {killedAt.TotalSeconds:0.0}s. {figures}");

        DemoCluster.AssertNoneFailedOrLost(records, receipts);
        AssertResumed(figures);
        await AssertRegistrationsIntactAsync(cluster, cluster.Silos.Where(s => s != victim), group, consumers);
        if (directoryLog is not null)
        {
            // The role really was held: the group's host deactivated the group because the victim owned its directory entry.
            await directoryLog.WaitAsync(TimeSpan.FromSeconds(5));
        }

        if (role == FailoverRole.GroupHost)
        {
            await using var inspector = await cluster.InspectorAsync(cluster.Silos.Where(s => s != victim));
            var movedTo = await ClusterTopology.HostOfAsync(inspector.Client, inspector.Client.GetGrain<IConsumerGroupGrain>(group));
            Assert.NotEqual(victim.SiloPort, movedTo.Endpoint.Port);
        }
    }

    /// <summary>The retrying client's defaults (a 60 s deadline, a 10 s call timeout), as the README's figures are measured.</summary>
    private static void Retries(DispatchClientOptions options)
    {
        options.Deadline = DispatchClientOptions.DefaultDeadline;
        options.CallTimeout = DispatchClientOptions.DefaultCallTimeout;
    }

    private static void AssertResumed(FailoverFigures figures) =>
        Assert.True(
            figures.ResumedSeconds <= ResumedWithin.TotalSeconds,
            $"dispatching was not steady again (>= {FailoverFigures.ResumedShare:P0} of {figures.BaselineRatePerSecond:0}/s for 3 s) within {ResumedWithin.TotalSeconds} s of the kill: {figures}");

    private static async Task AssertRegistrationsIntactAsync(ProcessCluster cluster, IEnumerable<LocalSilo> live, string group, Dictionary<string, int> consumers)
    {
        await using var inspector = await cluster.InspectorAsync(live);
        var snapshot = await inspector.Client.GetGrain<IConsumerGroupGrain>(group).GetSnapshot();
        Assert.Equal(consumers.Keys.Order(StringComparer.Ordinal), snapshot.Consumers.Select(c => c.Consumer.Value).Order(StringComparer.Ordinal));
    }

    private static string Describe(FailoverRole role) => role switch
    {
        FailoverRole.GroupHost => "the group's host",
        FailoverRole.DirectoryOwner => "owner of the group's directory entry, the group living elsewhere",
        FailoverRole.ConsumersOnly => "consumers only, not the client's gateway",
        _ => "the client's gateway for the group, no registered consumer",
    };
}
