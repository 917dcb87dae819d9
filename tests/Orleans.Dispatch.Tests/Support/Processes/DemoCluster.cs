using System.Diagnostics;
using System.Globalization;
using Orleans.Dispatch.Demo;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// The docker-compose silos as local processes, on a fresh Redis, with the demo consumers: how the
/// real-process failure tests start a cluster, place a group where they need it and read back
/// what the consumers acknowledged.
/// </summary>
internal static class DemoCluster
{
    /// <summary>
    /// Starts silo1..silo3 of docker-compose.yml with cluster and service id <paramref name="run"/>,
    /// each as its user in <paramref name="users"/> when given; the demo consumers record their
    /// receipts in <paramref name="receipts"/> when given (else in <paramref name="redis"/>). Then
    /// connects an admin client and a load client through Redis.
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(
        string run, RedisServer redis, Action<DispatchClientOptions> retries, RedisServer? receipts = null, IReadOnlyList<SiloUser>? users = null)
    {
        var services = ComposeFile.Load(RepoPaths.ComposeFile);
        var isolated = new Dictionary<string, string> { ["Cluster__ClusterId"] = run, ["Cluster__ServiceId"] = run };
        if (receipts is not null)
        {
            isolated["Demo__ReceiptsRedis"] = receipts.ConnectionString;
        }

        LocalSilo[] silos = [.. new[] { "silo1", "silo2", "silo3" }.Select((name, i) => LocalSilo.Start(services[name], redis, isolated, users?[i]))];
        try
        {
            foreach (var silo in silos)
            {
                await silo.WaitHealthyAsync(activeSilos: 3, TimeSpan.FromSeconds(60));
            }

            var admin = await ProcessClusterClient.ConnectAsync(redis, silos[0].Environment);
            var load = await ProcessClusterClient.ConnectAsync(redis, silos[0].Environment, retries);
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
    /// the owner of its directory entry (so that the group's host, its directory owner and a third
    /// silo are three different processes) and <paramref name="accept"/> takes its layout.
    /// </summary>
    public static async Task<GroupLayout> PlaceGroupAsync(ProcessCluster cluster, Func<GroupLayout, bool>? accept = null)
    {
        var admin = cluster.Admin.Client;
        var active = await ClusterTopology.ActiveSilosAsync(admin);
        Assert.Equal(3, active.Length);
        for (var i = 1; i <= 30; i++)
        {
            var name = $"orders-{i}";
            var group = admin.GetGrain<IConsumerGroupGrain>(name);
            await group.SetRoutingFunction("round-robin");
            var host = SiloOf(cluster.Silos, await ClusterTopology.HostOfAsync(admin, group));
            var owner = SiloOf(cluster.Silos, ClusterTopology.DirectoryOwnerOf(group.GetGrainId(), active));
            if (host == owner)
            {
                continue;
            }

            var layout = new GroupLayout(name, host, owner, cluster.Silos.Single(s => s != host && s != owner), await GatewayOfAsync(cluster, name));
            if (accept is null || accept(layout))
            {
                return layout;
            }
        }

        throw new InvalidOperationException("30 groups in a row lived on the silo owning their directory entry, or were not laid out as the test needs.");
    }

    /// <summary>
    /// Registers demo consumers until every silo but <paramref name="avoid"/> hosts at least two.
    /// Placement is random among the silos a placing silo knows, and a silo that just joined may
    /// be missing from that view for some seconds, so consumers are added one at a time, for at
    /// most 30 s; one placed on <paramref name="avoid"/> is removed from the group again.
    /// </summary>
    /// <returns>Each consumer's key and the silo port it lives on.</returns>
    public static async Task<Dictionary<string, int>> RegisterConsumersAsync(ProcessCluster cluster, string groupName, LocalSilo? avoid)
    {
        var group = cluster.Admin.Client.GetGrain<IConsumerGroupGrain>(groupName);
        var wanted = cluster.Silos.Where(s => s != avoid).Select(s => s.SiloPort).ToList();
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        var patience = Stopwatch.StartNew();
        for (var i = 1; wanted.Any(port => placed.Values.Count(p => p == port) < 2) && patience.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            var key = $"c{i}";
            var consumer = cluster.Admin.Client.GetGrain<IDemoConsumerGrain>(key);
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId(key), consumer));
            var port = int.Parse((await consumer.GetStats()).Silo.Split(':')[1], CultureInfo.InvariantCulture); // S<ip>:<port>:<generation>
            if (avoid is not null && port == avoid.SiloPort)
            {
                await group.RemoveConsumer(new ConsumerId(key));
                continue;
            }

            placed[key] = port;
        }

        Assert.True(wanted.All(port => placed.ContainsValue(port)), $"{placed.Count} demo consumers did not spread over the silos within 30 s");
        return placed;
    }

    /// <summary>Every message id the demo consumers acknowledged in run <paramref name="serviceId"/>, with the consumers that did.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadReceiptsAsync(RedisServer receipts, string serviceId, IEnumerable<string> consumers)
    {
        var byMessage = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var db = receipts.Connection.GetDatabase();
        foreach (var consumer in consumers)
        {
            foreach (var id in await db.ListRangeAsync($"{serviceId}:demo-receipts:{consumer}"))
            {
                var list = byMessage.TryGetValue(id!, out var existing) ? existing : byMessage[id!] = [];
                list.Add(consumer);
            }
        }

        return byMessage;
    }

    /// <summary>No dispatch failed, and every outcome's consumer has a receipt of its message.</summary>
    public static void AssertNoneFailedOrLost(IReadOnlyList<DispatchRecord> records, Dictionary<string, List<string>> receipts)
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

    public static LocalSilo SiloOf(IEnumerable<LocalSilo> silos, SiloAddress address) => silos.Single(s => s.SiloPort == address.Endpoint.Port);

    /// <summary>
    /// The silo whose gateway carries the load client's dispatches to <paramref name="group"/>: the
    /// client sends every call to one grain through one gateway connection, and the dispatch grain
    /// (a stateless worker, which the management grain counts per silo but does not list by id)
    /// runs on the silo that received the call. One dispatch to the group, which has no consumer
    /// yet, activates it there: the silo whose count of dispatch grains grew.
    /// </summary>
    private static async Task<LocalSilo> GatewayOfAsync(ProcessCluster cluster, string group)
    {
        var before = await DispatchGrainsPerSiloAsync(cluster);
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => cluster.Load.Client.GetGrain<IDispatchGrain>(group).Dispatch(new RoutingMessage()));
        var after = await DispatchGrainsPerSiloAsync(cluster);
        var grew = after.Where(a => a.Value > before.GetValueOrDefault(a.Key)).Select(a => a.Key).ToList();
        return SiloOf(cluster.Silos, Assert.Single(grew));
    }

    private static async Task<Dictionary<SiloAddress, int>> DispatchGrainsPerSiloAsync(ProcessCluster cluster)
    {
        var statistics = await cluster.Admin.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.StartsWith("Orleans.Dispatch.Entry.DispatchGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }
}
