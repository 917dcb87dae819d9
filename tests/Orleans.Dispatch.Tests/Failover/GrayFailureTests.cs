using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Failover;

/// <summary>
/// Gray failures with real processes: the three docker-compose silos on a fresh Redis, a steady
/// load through the retrying client, and one silo frozen (SIGSTOP) or cut off from its peers in a
/// role it holds for the group, or the cluster's Redis frozen or killed and restarted. The demo
/// consumers keep their receipts in a Redis of their own, so a fault of the cluster's Redis is not
/// also a fault of every consumer.
/// </summary>
/// <remarks>
/// CI runs one fault of each kind (<see cref="Faults"/>); <c>scripts/gray-failures.sh</c> runs
/// the whole matrix, with longer faults (<c>DISPATCH_GRAY_MATRIX=full</c>). Partitions need root
/// and a private network namespace, as <c>scripts/test.sh</c> gives them.
/// </remarks>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed class GrayFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 16;
    private static readonly bool Full = Environment.GetEnvironmentVariable("DISPATCH_GRAY_MATRIX") == "full";
    private static readonly TimeSpan SteadyBeforeFault = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadAfterHeal = TimeSpan.FromSeconds(10);

    /// <summary>How long a silo or Redis stays frozen or cut off: longer than the detection bound (10 s) either way.</summary>
    private static readonly TimeSpan LongFault = TimeSpan.FromSeconds(Full ? 45 : 20);
    private static readonly TimeSpan PartitionLength = TimeSpan.FromSeconds(Full ? 25 : 20);
    private static readonly TimeSpan RedisPauseLength = TimeSpan.FromSeconds(Full ? 25 : 15);
    private static readonly TimeSpan ShortPause = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan RedisDownFor = TimeSpan.FromSeconds(10);

    /// <summary>Generous: detection takes about 3 s, at most 10 s.</summary>
    private static readonly TimeSpan DeclaredDeadWithin = TimeSpan.FromSeconds(15);

    private readonly RedisServer redis = new(appendOnly: true);
    private readonly RedisServer receipts = new();

    /// <summary>In CI one fault of each kind; with <c>DISPATCH_GRAY_MATRIX=full</c> every silo fault in every role.</summary>
    public static TheoryData<GrayFault, FailoverRole> Faults
    {
        get
        {
            var data = new TheoryData<GrayFault, FailoverRole>();
            if (!Full)
            {
                data.Add(GrayFault.LongPause, FailoverRole.GroupHost);
                data.Add(GrayFault.ShortPause, FailoverRole.GroupHost);
                data.Add(GrayFault.Partition, FailoverRole.DirectoryOwner);
                data.Add(GrayFault.RedisPause, FailoverRole.GroupHost);
                data.Add(GrayFault.RedisRestart, FailoverRole.GroupHost);
                return data;
            }

            foreach (var fault in new[] { GrayFault.LongPause, GrayFault.ShortPause, GrayFault.Partition })
            {
                foreach (var role in Enum.GetValues<FailoverRole>())
                {
                    data.Add(fault, role);
                }
            }

            data.Add(GrayFault.RedisPause, FailoverRole.GroupHost);
            data.Add(GrayFault.RedisRestart, FailoverRole.GroupHost);
            return data;
        }
    }

    public Task InitializeAsync() => Task.WhenAll(redis.InitializeAsync(), receipts.InitializeAsync());

    public async Task DisposeAsync()
    {
        await redis.DisposeAsync();
        await receipts.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task No_dispatch_fails_and_nothing_is_lost(GrayFault fault, FailoverRole role)
    {
        var run = $"gray-{fault}-{role}".ToLowerInvariant();
        var siloFault = fault is GrayFault.LongPause or GrayFault.ShortPause or GrayFault.Partition;
        IReadOnlyList<SiloUser>? users = null;
        if (fault == GrayFault.Partition)
        {
            PrivateNetwork.Require();
            users = [.. Enumerable.Range(1, 3).Select(SiloUser.Get)];
            foreach (var user in users)
            {
                Firewall.MarkConnectionsOf(user);
            }
        }

        await using var cluster = await DemoCluster.StartAsync(run, redis, Retries, receipts, users);
        var layout = await DemoCluster.PlaceGroupAsync(cluster, l => !siloFault || l.Isolates(role));
        var victim = siloFault ? layout.Holding(role) : null;
        var consumers = await DemoCluster.RegisterConsumersAsync(cluster, layout.Group, avoid: role == FailoverRole.ClientGateway && siloFault ? victim : null);

        using var load = new SteadyLoad(cluster.Load.Dispatcher, layout.Group, run, Workers);
        TimeSpan faultAt, healedAt;
        await using (var watch = new MembershipWatch(cluster.Silos, () => load.Now))
        {
            await Task.Delay(SteadyBeforeFault);
            faultAt = load.Now;
            await InjectAsync(fault, victim, cluster);
            healedAt = load.Now;
            await Task.Delay(LoadAfterHeal);
            var records = await load.StopAsync();
            var survivors = cluster.Silos.Where(s => s != victim).ToList();
            var declaredDeadAt = victim is null ? null : watch.AllSaw(survivors, active: 2, from: faultAt);
            var received = await DemoCluster.ReadReceiptsAsync(receipts, run, consumers.Keys);
            var figures = GrayFigures.From(records, received, faultAt, healedAt, declaredDeadAt, load.Now);
            Figures.Report(output, "gray-failures.txt", $"{run}: {Describe(fault, victim, role)} at {faultAt.TotalSeconds:0.0}s, healed at {healedAt.TotalSeconds:0.0}s. {figures}");

            DemoCluster.AssertNoneFailedOrLost(records, received);
            Assert.True(figures.LongestDispatchSeconds < 25, $"a dispatch took {figures.LongestDispatchSeconds:0.0} s: {figures}");
            Assert.True(figures.SteadyAfterHealSeconds <= 8, $"dispatching was not steady again within 8 s of the fault's end: {figures}");
            if (fault is GrayFault.LongPause or GrayFault.Partition)
            {
                // The fault really cost the victim its membership, within the bound, and it stopped itself.
                Assert.True(figures.DeclaredDeadAfterSeconds <= DeclaredDeadWithin.TotalSeconds, $"{victim!.Name} was not declared dead within {DeclaredDeadWithin}: {figures}");
                var exitCode = await victim.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
                Assert.NotEqual(0, exitCode);
                Assert.Contains("I have been told I am dead", victim.Process.Output, StringComparison.Ordinal);
            }
            else
            {
                // Nobody was declared dead, and (for the short pause) nothing was rerouted for it.
                Assert.Equal(3, watch.FewestActiveSeen);
                Assert.All(cluster.Silos, s => Assert.False(s.Process.HasExited, $"{s.Name} exited"));
                if (fault == GrayFault.ShortPause)
                {
                    Assert.Equal(0, figures.Rerouted);
                }
            }
        }
    }

    /// <summary>The retrying client's defaults (a 60 s deadline, a 10 s call timeout), as the README's figures are measured.</summary>
    private static void Retries(DispatchClientOptions options)
    {
        options.Deadline = DispatchClientOptions.DefaultDeadline;
        options.CallTimeout = DispatchClientOptions.DefaultCallTimeout;
    }

    private async Task InjectAsync(GrayFault fault, LocalSilo? victim, ProcessCluster cluster)
    {
        switch (fault)
        {
            case GrayFault.LongPause or GrayFault.ShortPause:
                victim!.Process.Pause();
                await Task.Delay(fault == GrayFault.LongPause ? LongFault : ShortPause);
                victim.Process.Resume();
                break;
            case GrayFault.Partition:
                using (Firewall.Cut(victim!, cluster.Silos.Where(s => s != victim)))
                {
                    await Task.Delay(PartitionLength);
                }

                break;
            case GrayFault.RedisPause:
                redis.Pause();
                await Task.Delay(RedisPauseLength);
                redis.Resume();
                break;
            default:
                await redis.KillAsync();
                await Task.Delay(RedisDownFor);
                await redis.RestartAsync();
                break;
        }
    }

    private static string Describe(GrayFault fault, LocalSilo? victim, FailoverRole role) => fault switch
    {
        GrayFault.LongPause => $"paused {victim!.Name} ({role}) for {LongFault.TotalSeconds:0} s",
        GrayFault.ShortPause => $"paused {victim!.Name} ({role}) for {ShortPause.TotalSeconds:0.0} s",
        GrayFault.Partition => $"cut {victim!.Name} ({role}) off from its peers for {PartitionLength.TotalSeconds:0} s",
        GrayFault.RedisPause => $"paused the cluster's Redis for {RedisPauseLength.TotalSeconds:0} s",
        _ => $"killed the cluster's Redis and restarted it {RedisDownFor.TotalSeconds:0} s later",
    };
}
