using System.Globalization;
using Orleans.Dispatch.Demo;
using Orleans.Dispatch.Tests.Support.Processes;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Failover;

/// <summary>
/// A real crash: three silo processes on Redis membership (the docker-compose silos), a steady
/// load from the test process through the retrying client, and a silo killed with SIGKILL in each
/// role it can hold for the group, chosen from the cluster's real layout rather than by chance.
/// Receipts are written to Redis by the demo consumers before they acknowledge, so a killed silo
/// cannot take them along.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class FailoverTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Workers = 16;
    private static readonly TimeSpan SteadyFrom = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SteadyBeforeKill = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Dispatching must run steadily again within membership's detection of a dead silo (about
    /// 13-14 s with Orleans' default probes, measured here) plus a few seconds.
    /// </summary>
    private static readonly TimeSpan ResumedWithin = TimeSpan.FromSeconds(22);

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
        await using var cluster = await StartAsync(run);
        var (group, host, _) = await PlaceGroupAsync(cluster);
        var consumers = await RegisterConsumersAsync(cluster, group, avoid: null);

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
            var newHost = SiloOf(survivors, await ClusterTopology.HostOfAsync(inspector.Client, inspected));
            newOwner = SiloOf(survivors, ClusterTopology.DirectoryOwnerOf(inspected.GetGrainId(), await ClusterTopology.ActiveSilosAsync(inspector.Client)));
            second = newOwner != newHost ? newOwner : newHost;
        }

        var secondKill = load.Now;
        second.Process.Kill();
        await Task.Delay(LoadAfterKill);
        var records = await load.StopAsync();

        var receipts = await ReadReceiptsAsync(run, consumers.Keys);
        var first = FailoverFigures.From(records, receipts, SteadyFrom, firstKill, secondKill);
        var next = FailoverFigures.From(records, receipts, secondKill - SteadyBeforeKill, secondKill, load.Now);
        Figures.Report(output, "failover.txt", $"{run}: killed {host.Name} (group host) at {firstKill.TotalSeconds:0.0}s. {first}");
        Figures.Report(output, "failover.txt", $"{run}: then killed {second.Name} ({(second == newOwner ? "owner of the group's directory entry" : "group host")}) at {secondKill.TotalSeconds:0.0}s. {next}");

        AssertNoneFailedOrLost(records, receipts);
        AssertResumed(first);
        AssertResumed(next);
        await AssertRegistrationsIntactAsync(cluster, survivors.Where(s => s != second), group, consumers);
    }

    private async Task RunAsync(FailoverRole role)
    {
        var run = $"failover-{role.ToString().ToLowerInvariant()}";
        await using var cluster = await StartAsync(run);
        var (group, host, owner) = await PlaceGroupAsync(cluster);
        var third = cluster.Silos.Single(s => s != host && s != owner);
        var victim = role switch
        {
            FailoverRole.GroupHost => host,
            FailoverRole.DirectoryOwner => owner,
            _ => third,
        };
        var consumers = await RegisterConsumersAsync(cluster, group, avoid: role == FailoverRole.ClientGateway ? victim : null);
        var victimConsumers = consumers.Where(c => c.Value == PortOf(victim)).Select(c => c.Key).ToList();
        Assert.Equal(role == FailoverRole.ClientGateway, victimConsumers.Count == 0);

        // Consumers only: the client's gateways are the two other silos, so the victim holds nothing of the client's.
        await using var onlyOthers = role == FailoverRole.ConsumersOnly
            ? await ProcessClusterClient.ConnectAsync(redis, victim.Environment, Retries, [.. cluster.Silos.Where(s => s != victim).Select(s => s.GatewayPort)])
            : null;
        var client = onlyOthers ?? cluster.Load;
        var directoryLog = role == FailoverRole.DirectoryOwner
            ? host.Process.LineContainingAsync("LocalGrainDirectory is deactivating", $":{PortOf(victim)}:", "primary directory partition")
            : null;

        using var load = new SteadyLoad(client.Dispatcher, group, run, Workers);
        await Task.Delay(SteadyBeforeKill);
        var killedAt = load.Now;
        victim.Process.Kill();
        await Task.Delay(LoadAfterKill);
        var records = await load.StopAsync();

        var receipts = await ReadReceiptsAsync(run, consumers.Keys);
        var figures = FailoverFigures.From(records, receipts, SteadyFrom, killedAt, load.Now);
        Figures.Report(
            output,
            "failover.txt",
            $"{run}: killed {victim.Name} ({Describe(role)}; its consumers: {(victimConsumers.Count == 0 ? "none" : string.Join(",", victimConsumers))}) at {killedAt.TotalSeconds:0.0}s. {figures}");

        AssertNoneFailedOrLost(records, receipts);
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
            Assert.NotEqual(PortOf(victim), movedTo.Endpoint.Port);
        }
    }

    private static void Retries(DispatchClientOptions options)
    {
        options.Deadline = TimeSpan.FromSeconds(60);
        options.AttemptTimeout = TimeSpan.FromSeconds(5);
    }

    private async Task<ProcessCluster> StartAsync(string run)
    {
        var services = ComposeFile.Load(RepoPaths.ComposeFile);
        var isolated = new Dictionary<string, string> { ["Cluster__ClusterId"] = run, ["Cluster__ServiceId"] = run };
        LocalSilo[] silos = [.. new[] { "silo1", "silo2", "silo3" }.Select(name => LocalSilo.Start(services[name], redis, isolated))];
        try
        {
            foreach (var silo in silos)
            {
                await silo.WaitHealthyAsync(activeSilos: 3, TimeSpan.FromSeconds(60));
            }

            var admin = await ProcessClusterClient.ConnectAsync(redis, silos[0].Environment);
            var load = await ProcessClusterClient.ConnectAsync(redis, silos[0].Environment, Retries);
            return new ProcessCluster(silos, admin, load, redis);
        }
        catch
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Activates groups <c>orders-1</c>, <c>orders-2</c>, ... until one lives on a silo other than
    /// the owner of its directory entry, so that the group's host, its directory owner and a third
    /// silo are three different processes.
    /// </summary>
    private static async Task<(string Group, LocalSilo Host, LocalSilo Owner)> PlaceGroupAsync(ProcessCluster cluster)
    {
        var admin = cluster.Admin.Client;
        var active = await ClusterTopology.ActiveSilosAsync(admin);
        Assert.Equal(3, active.Length);
        for (var i = 1; i <= 20; i++)
        {
            var group = admin.GetGrain<IConsumerGroupGrain>($"orders-{i}");
            await group.SetRoutingFunction("round-robin");
            var host = SiloOf(cluster.Silos, await ClusterTopology.HostOfAsync(admin, group));
            var owner = SiloOf(cluster.Silos, ClusterTopology.DirectoryOwnerOf(group.GetGrainId(), active));
            if (host != owner)
            {
                return ($"orders-{i}", host, owner);
            }
        }

        throw new InvalidOperationException("20 groups in a row lived on the silo owning their directory entry.");
    }

    /// <summary>
    /// Registers demo consumers until every silo but <paramref name="avoid"/> hosts at least two.
    /// Placement is random among the silos a placing silo knows, and a silo that just joined may
    /// be missing from that view for some seconds, so consumers are added one at a time, for at
    /// most 30 s; one placed on <paramref name="avoid"/> is removed from the group again.
    /// </summary>
    private static async Task<Dictionary<string, int>> RegisterConsumersAsync(ProcessCluster cluster, string groupName, LocalSilo? avoid)
    {
        var group = cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(groupName);
        var wanted = cluster.Silos.Where(s => s != avoid).Select(PortOf).ToList();
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        var patience = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; wanted.Any(port => placed.Values.Count(p => p == port) < 2) && patience.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            var key = $"c{i}";
            var consumer = cluster.Admin.Client.GetGrain<IDemoConsumerGrain>(key);
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId(key), consumer));
            var port = int.Parse((await consumer.GetStats()).Silo.Split(':')[1], CultureInfo.InvariantCulture); // S<ip>:<port>:<generation>
            if (avoid is not null && port == PortOf(avoid))
            {
                await group.RemoveConsumer(new ConsumerId(key));
                continue;
            }

            placed[key] = port;
        }

        Assert.True(wanted.All(port => placed.ContainsValue(port)), $"{placed.Count} demo consumers did not spread over the silos within 30 s");
        return placed;
    }

    private static void AssertNoneFailedOrLost(IReadOnlyList<DispatchRecord> records, Dictionary<string, List<string>> receipts)
    {
        var failures = records.Where(r => r.Failure is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} dispatch(es) failed, first: {failures.FirstOrDefault()?.Failure}");
        foreach (var record in records)
        {
            var received = receipts.GetValueOrDefault(record.MessageId) ?? [];
            Assert.True(received.Contains(record.Outcome!.DeliveredTo.Value), $"{record.MessageId} was delivered to {record.Outcome.DeliveredTo} by its outcome, which has no receipt of it (receipts: {string.Join(",", received)})");
        }

        Assert.True(records.Count > 100, $"only {records.Count} dispatches ran");
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

    private async Task<Dictionary<string, List<string>>> ReadReceiptsAsync(string serviceId, IEnumerable<string> consumers)
    {
        var receipts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var db = redis.Connection.GetDatabase();
        foreach (var consumer in consumers)
        {
            foreach (var id in await db.ListRangeAsync($"{serviceId}:demo-receipts:{consumer}"))
            {
                var list = receipts.TryGetValue(id!, out var existing) ? existing : receipts[id!] = [];
                list.Add(consumer);
            }
        }

        return receipts;
    }

    private static string Describe(FailoverRole role) => role switch
    {
        FailoverRole.GroupHost => "the group's host",
        FailoverRole.DirectoryOwner => "owner of the group's directory entry, the group living elsewhere",
        FailoverRole.ConsumersOnly => "consumers only, not a gateway of the client",
        _ => "a gateway of the client, no registered consumer",
    };

    private static LocalSilo SiloOf(IEnumerable<LocalSilo> silos, SiloAddress address) => silos.Single(s => PortOf(s) == address.Endpoint.Port);

    private static int PortOf(LocalSilo silo) => int.Parse(silo.Environment["Cluster__SiloPort"], CultureInfo.InvariantCulture);
}
