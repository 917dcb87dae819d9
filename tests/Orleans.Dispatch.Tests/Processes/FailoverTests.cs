using System.Globalization;
using Orleans.Dispatch.Demo;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Processes;

/// <summary>
/// A real crash: three silo processes on Redis membership (the docker-compose silos), a steady
/// load from the test process through the retrying client, and one silo killed with SIGKILL.
/// Receipts are written to Redis by the demo consumers before they acknowledge, so a killed silo
/// cannot take them along.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class FailoverTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string Group = "orders";
    private const int Workers = 16;
    private static readonly TimeSpan SteadyBeforeKill = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(25);

    [Fact]
    public Task No_dispatch_fails_when_the_silo_hosting_the_group_grain_is_killed() => RunAsync("failover-group", killGroupHost: true);

    [Fact]
    public Task No_dispatch_fails_when_a_silo_hosting_only_consumers_is_killed() => RunAsync("failover-consumers", killGroupHost: false);

    private async Task RunAsync(string run, bool killGroupHost)
    {
        var services = ComposeFile.Load(RepoPaths.ComposeFile);
        var isolated = new Dictionary<string, string> { ["Cluster__ClusterId"] = run, ["Cluster__ServiceId"] = run };
        await using var silo1 = LocalSilo.Start(services["silo1"], redis, isolated);
        await using var silo2 = LocalSilo.Start(services["silo2"], redis, isolated);
        await using var silo3 = LocalSilo.Start(services["silo3"], redis, isolated);
        LocalSilo[] silos = [silo1, silo2, silo3];
        foreach (var silo in silos)
        {
            await silo.WaitHealthyAsync(activeSilos: 3, TimeSpan.FromSeconds(60));
        }

        await using var connection = await ProcessClusterClient.ConnectAsync(redis, silo1.Environment, o =>
        {
            o.Deadline = TimeSpan.FromSeconds(60);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
        });
        var client = connection.Client;
        var consumers = await RegisterConsumersSpreadOverAsync(client, silos);
        var groupHost = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<IConsumerGroupGrain>(Group));
        var victim = killGroupHost
            ? silos.Single(s => PortOf(s) == groupHost!.Endpoint.Port)
            : silos.First(s => PortOf(s) != groupHost!.Endpoint.Port);
        var victimConsumers = consumers.Where(c => c.Value == PortOf(victim)).Select(c => c.Key).ToList();

        using var load = new SteadyLoad(connection.Dispatcher, Group, run, Workers);
        await Task.Delay(SteadyBeforeKill);
        var killedAt = load.Now;
        victim.Process.Kill();
        await Task.Delay(LoadAfterKill);
        var records = await load.StopAsync();

        var receipts = await ReadReceiptsAsync(run, consumers.Keys);
        var figures = FailoverFigures.From(records, receipts, killedAt);
        Figures.Report(
            output,
            "failover.txt",
            $"{run}: killed {victim.Name} (group host: {killGroupHost}, its consumers: {string.Join(",", victimConsumers)}) at {killedAt.TotalSeconds:0.0}s. {figures}");

        var failures = records.Where(r => r.Failure is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} dispatch(es) failed, first: {failures.FirstOrDefault()?.Failure}");
        foreach (var record in records)
        {
            var received = receipts.GetValueOrDefault(record.MessageId) ?? [];
            Assert.True(received.Contains(record.Outcome!.DeliveredTo.Value), $"{record.MessageId} was delivered to {record.Outcome.DeliveredTo} by its outcome, which has no receipt of it (receipts: {string.Join(",", received)})");
        }

        Assert.True(records.Count > 100, $"only {records.Count} dispatches ran");
        var snapshot = await client.GetGrain<IConsumerGroupGrain>(Group).GetSnapshot();
        Assert.Equal(consumers.Keys.Order(StringComparer.Ordinal), snapshot.Consumers.Select(c => c.Consumer.Value).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Registers demo consumers until every silo hosts at least one. Placement is random among the
    /// silos a placing silo knows to host the grain type, and a silo that just joined may be missing
    /// from that view for some seconds: past nine consumers, one more is added every 100 ms until
    /// the spread is reached, for at most 30 s.
    /// </summary>
    private static async Task<Dictionary<string, int>> RegisterConsumersSpreadOverAsync(IClusterClient client, LocalSilo[] silos)
    {
        var group = client.GetGrain<IConsumerGroupGrain>(Group);
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        var patience = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; placed.Count < 9 || (silos.Any(s => !placed.ContainsValue(PortOf(s))) && patience.Elapsed < TimeSpan.FromSeconds(30)); i++)
        {
            var key = $"c{i}";
            var consumer = client.GetGrain<IDemoConsumerGrain>(key);
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId(key), consumer));
            var silo = (await consumer.GetStats()).Silo;
            placed[key] = int.Parse(silo.Split(':')[1], CultureInfo.InvariantCulture); // S<ip>:<port>:<generation>
            if (placed.Count >= 9)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        Assert.True(silos.All(s => placed.ContainsValue(PortOf(s))), $"{placed.Count} demo consumers did not spread over the three silos within 30 s");
        return placed;
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

    private static int PortOf(LocalSilo silo) => int.Parse(silo.Environment["Cluster__SiloPort"], CultureInfo.InvariantCulture);
}
