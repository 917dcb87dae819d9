using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Processes;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// Ordered keys under chaos on a three-silo test cluster: consumers throw and hang at random
/// (reproducibly from the printed seed), consumers leave and join, and a silo that hosts neither
/// the group nor its directory entry is killed, so every message is admitted by the same group
/// activation: no key may ever have two messages in progress, nor deliver them out of order.
/// </summary>
[Trait("Category", "Soak")]
[Collection(RealProcesses.Name)]
public sealed class OrderedChaosTests(ChaosClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ChaosClusterFixture>
{
    private const int Messages = 3_000;
    private const int Keys = 40;

    [Fact]
    public async Task No_key_has_two_messages_in_progress_or_out_of_order_through_faults_churn_and_a_lost_silo()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var given) ? given : Random.Shared.Next();
        var plan = new FaultPlan(seed);
        var delivered = new ConcurrentDictionary<string, (long Start, long End)>(StringComparer.Ordinal);
        ConsumerBehavior behaviour = async call =>
        {
            var start = Stopwatch.GetTimestamp();
            await plan.Behavior(call);
            delivered[$"{call.Key}|{call.Message.Id}"] = (start, Stopwatch.GetTimestamp());
        };
        var (scenario, victim) = await PlaceAsync();
        string[] stable = ["s1", "s2", "s3"];
        string[] churning = ["f1", "f2", "f3", "f4"];
        foreach (var id in stable.Concat(churning))
        {
            await scenario.AddAsync(id, behaviour);
        }

        await scenario.UseAsync("consistent-hash:key");
        await scenario.GroupGrain.SetOrderingKey("key");
        var random = new Random(seed);
        var results = new ConcurrentBag<(RoutingMessage Message, DispatchOutcome? Outcome, Exception? Failure)>();
        var next = -1;
        using var stop = new CancellationTokenSource();
        var chaos = Task.Run(async () =>
        {
            var absent = new HashSet<string>(StringComparer.Ordinal);
            var killed = false;
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(5, 40), CancellationToken.None);
                if (!killed && Volatile.Read(ref next) > Messages / 3)
                {
                    killed = true;
                    await fixture.Cluster.KillSiloAsync(victim, CancellationToken.None);
                    continue;
                }

                var id = churning[random.Next(churning.Length)];
                if (!absent.Remove(id))
                {
                    absent.Add(id);
                    await scenario.GroupGrain.RemoveConsumer(new ConsumerId(id));
                }
                else
                {
                    await scenario.AddAsync(id, behaviour);
                }
            }
        });
        var retries = new DispatchClientOptions { Deadline = TimeSpan.FromSeconds(60), CallTimeout = TimeSpan.FromSeconds(30) };
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Messages)
            {
                var message = new RoutingMessage($"o-{i}").With("key", FieldValue.Text($"k{i % Keys}"));
                try
                {
                    results.Add((message, await fixture.Client.DispatchWithRetriesAsync(scenario.Group, message, retries), null));
                }
                catch (Exception exception)
                {
                    results.Add((message, null, exception));
                }
            }
        })));
        await stop.CancelAsync();
        await chaos;

        var violations = new List<string>();
        foreach (var key in results.Where(r => r.Outcome is not null).GroupBy(r => r.Message.Fields["key"].ToString()))
        {
            var inOrder = key.OrderBy(r => r.Outcome!.KeySequence).ToList();
            for (var i = 1; i < inOrder.Count; i++)
            {
                var before = delivered[$"{scenario.KeyOf(inOrder[i - 1].Outcome!.DeliveredTo.Value)}|{inOrder[i - 1].Message.Id}"];
                var after = delivered[$"{scenario.KeyOf(inOrder[i].Outcome!.DeliveredTo.Value)}|{inOrder[i].Message.Id}"];
                if (after.Start < before.End)
                {
                    violations.Add($"{inOrder[i].Message.Id} (#{inOrder[i].Outcome!.KeySequence}) started before {inOrder[i - 1].Message.Id} (#{inOrder[i - 1].Outcome!.KeySequence}) was acknowledged");
                }
            }
        }

        var failures = results.Where(r => r.Failure is not null).ToList();
        var unexplained = failures.Where(r => !FaultExplanation.Explains(r.Failure, stable)).ToList();
        Figures.Report(output, "chaos.txt", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"chaos ordered seed {seed}: {results.Count} dispatches over {Keys} keys, delivered {results.Count(r => r.Outcome is not null)}, failed {failures.Count}, per-key overlaps or inversions {violations.Count}"));

        Assert.Equal(Messages, results.Count);
        Assert.True(violations.Count == 0, $"seed {seed}: {string.Join("; ", violations.Take(5))}");
        Assert.True(unexplained.Count == 0, $"seed {seed}: {unexplained.Count} failure(s) not explained by faults, first: {unexplained.Select(u => u.Failure).FirstOrDefault()}");
    }

    /// <summary>
    /// A new group, and a secondary silo that holds neither the group's activation nor its
    /// directory entry (groups are tried until one leaves such a silo), to be killed.
    /// </summary>
    private async Task<(Scenario Scenario, SiloHandle Victim)> PlaceAsync()
    {
        var management = fixture.Driver.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var scenario = new Scenario(fixture.Driver);
            await scenario.GroupGrain.GetSnapshot();
            var host = await management.GetActivationAddress(scenario.GroupGrain);
            var owner = ClusterTopology.DirectoryOwnerOf(scenario.GroupGrain.GetGrainId(), await ClusterTopology.ActiveSilosAsync(fixture.Driver));
            if (fixture.Cluster.SecondarySilos.FirstOrDefault(s => !s.SiloAddress.Equals(host) && !s.SiloAddress.Equals(owner)) is { } victim)
            {
                return (scenario, victim);
            }
        }

        throw new InvalidOperationException("No secondary silo was free of 20 groups' activation and directory entry.");
    }
}
