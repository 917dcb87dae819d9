using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// A long stream of dispatches at high concurrency on a three-silo cluster while consumers
/// throw, fail activation, hang, join and leave, the routing function is swapped, and a silo is
/// killed (the test cluster's abrupt stop) and a new one started, all at random but reproducibly from the printed seed (set
/// CHAOS_SEED to replay a run). Four consumers never fail and never leave, so no dispatch may fail.
/// The dispatches go through the cluster's client, which knows the killed silo's gateway; the
/// churn and the inspections go through the fixture's <see cref="ChaosClusterFixture.Driver"/>.
/// </summary>
[Trait("Category", "Soak")]
[Collection(RealProcesses.Name)]
public sealed class ChaosSoakTests(ChaosClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ChaosClusterFixture>
{
    private const int Messages = 20_000;
    private const int Concurrency = 64;
    private static readonly string[] Functions = ["round-robin", "least-loaded", "first-available", "consistent-hash:key"];

    private sealed record Sent(RoutingMessage Message, DispatchOutcome? Outcome, Exception? Failure, int Sends);

    [Fact]
    public async Task Every_dispatch_ends_typed_every_failure_is_explained_and_every_delivery_is_received()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var given) ? given : Random.Shared.Next();
        var plan = new FaultPlan(seed);
        var scenario = new Scenario(fixture.Driver);
        string[] stable = ["s1", "s2", "s3", "s4"];
        string[] churning = ["f1", "f2", "f3", "f4", "f5", "f6", "f7"];
        foreach (var id in stable)
        {
            await scenario.AddAsync(id);
        }

        foreach (var id in churning)
        {
            await scenario.AddAsync(id, plan.Behavior);
        }

        var broken = new ConsumerId("broken");
        await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(broken, fixture.Driver.GetGrain<IActivationFailingConsumerGrain>(scenario.KeyOf("broken"))));
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var results = new ConcurrentBag<Sent>();
        var next = -1;
        using var stop = new CancellationTokenSource();
        var random = new Random(seed);
        var faults = new ConcurrentDictionary<string, int>();
        var chaos = Task.Run(() => ChaosAsync(scenario, churning, new Random(random.Next()), faults, () => Volatile.Read(ref next), stop.Token));
        var clock = Stopwatch.StartNew();
        var retries = new DispatchClientOptions { Deadline = TimeSpan.FromSeconds(60), CallTimeout = TimeSpan.FromSeconds(30) };
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Messages)
            {
                var message = new RoutingMessage($"chaos-{seed}-{i}")
                    .With("key", FieldValue.Text($"k{i % 97}"))
                    .With("n", FieldValue.Integer(i))
                    .WithPayload(BitConverter.GetBytes(i));
                var dispatcher = fixture.Client.GetGrain<IDispatchGrain>(scenario.Group);
                var sends = 0;
                try
                {
                    var outcome = await RetryingDispatch.RunAsync(
                        token =>
                        {
                            Interlocked.Increment(ref sends);
                            return dispatcher.Dispatch(message, token);
                        },
                        scenario.Group, message, retries, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
                    results.Add(new Sent(message, outcome, null, sends));
                }
                catch (Exception exception)
                {
                    results.Add(new Sent(message, null, exception, sends));
                }
            }
        })));
        var took = clock.Elapsed;
        await stop.CancelAsync();
        await chaos;

        // Every consumer back, so in-flight counts can be read for all of them.
        foreach (var id in churning)
        {
            await scenario.AddAsync(id, plan.Behavior);
        }

        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, TimeSpan.FromSeconds(30), "in-flight counts back to zero");
        await Eventually.HoldsAsync(async () => await Activations.CountAsync(fixture.Driver, "DispatchConversation") == 0, TimeSpan.FromSeconds(30), "conversation activations gone");
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

        var all = results.ToList();
        var untyped = all.Where(r => r.Failure is not null and not DispatchException).ToList();
        var failures = all.Where(r => r.Failure is DispatchException).ToList();
        var unexplained = failures.Where(r => !FaultExplanation.Explains(r.Failure, stable)).ToList();
        var duplicates = 0;
        var misdelivered = new List<string>();
        foreach (var sent in all.Where(r => r.Outcome is not null))
        {
            var outcome = sent.Outcome!;
            var receivers = stable.Concat(churning).Where(id => scenario.ReceivedBy(id).Any(m => m.Id == sent.Message.Id)).ToList();
            var received = scenario.ReceivedBy(outcome.DeliveredTo.Value).FirstOrDefault(m => m.Id == sent.Message.Id);
            if (received is null || !received.Equals(sent.Message))
            {
                misdelivered.Add($"{sent.Message.Id}: {outcome.DeliveredTo} has {(received is null ? "no receipt" : "a different message")}");
            }

            var others = receivers.Where(id => id != outcome.DeliveredTo.Value && !outcome.ReroutedFrom.Contains(new ConsumerId(id))).ToList();
            if (others.Count > 0 || scenario.ReceivedBy(outcome.DeliveredTo.Value).Count(m => m.Id == sent.Message.Id) > 1)
            {
                duplicates++;
                if (sent.Sends == 1)
                {
                    misdelivered.Add($"{sent.Message.Id}: received by [{string.Join(",", others)}] outside its reroute chain, though it was sent once");
                }
            }
        }

        var rerouted = all.Count(r => r.Outcome is { DeliveredFirstTry: false });
        var growthMb = (memoryAfter - memoryBefore) / 1048576.0;
        Figures.Report(output, "chaos.txt", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"chaos seed {seed}: {all.Count} dispatches in {took.TotalSeconds:0.0} s, delivered {all.Count(r => r.Outcome is not null)}, rerouted {rerouted}, " +
            $"failed {failures.Count} ({string.Join(", ", failures.GroupBy(f => f.Failure!.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}), " +
            $"resent by the client {all.Count(r => r.Sends > 1)}, duplicates {duplicates}, faults [{string.Join(", ", faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}], " +
            $"managed heap {memoryBefore / 1048576.0:0.0} -> {memoryAfter / 1048576.0:0.0} MB ({growthMb:+0.0;-0.0} MB)"));

        Assert.Equal(Messages, all.Count);
        Assert.True(untyped.Count == 0, $"seed {seed}: {untyped.Count} dispatch(es) ended with something other than a DispatchException, first: {untyped.FirstOrDefault()?.Failure}");
        Assert.True(unexplained.Count == 0, $"seed {seed}: {unexplained.Count} failure(s) while a healthy consumer was available, first: {unexplained.FirstOrDefault()?.Failure}");
        Assert.True(misdelivered.Count == 0, $"seed {seed}: {string.Join("; ", misdelivered.Take(5))}");
        Assert.True(growthMb < 150, $"seed {seed}: the managed heap grew by {growthMb:0.0} MB");
    }

    /// <summary>
    /// Overload: 64 dispatches in flight for 8 slots (four steady consumers of <c>MaxInFlight</c> 2)
    /// plus faulty consumers that throw, hang, leave and join: dispatches wait for room instead of
    /// failing, none fails but for a fault's reason, and the line is empty at the end.
    /// </summary>
    [Fact]
    public async Task Under_overload_dispatches_wait_for_room_and_only_faults_explain_a_failure()
    {
        const int Offered = 3_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var given) ? given : Random.Shared.Next();
        var plan = new FaultPlan(seed);
        var scenario = new Scenario(fixture.Driver);
        string[] stable = ["s1", "s2", "s3", "s4"];
        string[] churning = ["f1", "f2", "f3"];
        foreach (var id in stable)
        {
            await scenario.AddAsync(id, maxInFlight: 2);
        }

        foreach (var id in churning)
        {
            await scenario.AddAsync(id, plan.Behavior, maxInFlight: 1);
        }

        await scenario.UseAsync("least-loaded");
        var results = new ConcurrentBag<Sent>();
        var next = -1;
        var random = new Random(seed);
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var absent = new HashSet<string>(StringComparer.Ordinal);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(5, 40), CancellationToken.None);
                var id = churning[random.Next(churning.Length)];
                if (!absent.Remove(id))
                {
                    absent.Add(id);
                    await scenario.GroupGrain.RemoveConsumer(new ConsumerId(id));
                }
                else
                {
                    await scenario.AddAsync(id, plan.Behavior, maxInFlight: 1);
                }
            }
        });
        var waitedMost = 0;
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                waitedMost = Math.Max(waitedMost, (await scenario.GroupGrain.GetSnapshot()).Waiting);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var retries = new DispatchClientOptions { Deadline = TimeSpan.FromSeconds(60), CallTimeout = TimeSpan.FromSeconds(30) };
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Offered)
            {
                var message = new RoutingMessage($"overload-{i}").With("key", FieldValue.Text($"k{i % 50}"));
                try
                {
                    results.Add(new Sent(message, await fixture.Client.DispatchWithRetriesAsync(scenario.Group, message, retries), null, 1));
                }
                catch (Exception exception)
                {
                    results.Add(new Sent(message, null, exception, 1));
                }
            }
        })));
        await stop.CancelAsync();
        await Task.WhenAll(churn, watch);

        var failures = results.Where(r => r.Failure is not null).ToList();
        var unexplained = failures.Where(r => !FaultExplanation.Explains(r.Failure, stable)).ToList();
        var waited = results.Count(r => r.Outcome is { WaitedFor.Ticks: > 0 });
        Figures.Report(output, "chaos.txt", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"chaos overload seed {seed}: {results.Count} dispatches at {Concurrency} in flight for 8 steady slots, delivered {results.Count(r => r.Outcome is not null)}, waited {waited}, most waiting at once {waitedMost}, failed {failures.Count}"));

        Assert.Equal(Offered, results.Count);
        Assert.True(unexplained.Count == 0, $"seed {seed}: {unexplained.Count} failure(s) not explained by faults, first: {unexplained.FirstOrDefault()?.Failure}");
        Assert.True(waited > 0, "nothing waited: the phase did not overload the group");
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Waiting == 0, TimeSpan.FromSeconds(30), "nobody waiting at the end");
    }

    /// <summary>Consumers leave and join, the function is swapped, and a silo is killed and a new one started, at random from the seed.</summary>
    private async Task ChaosAsync(Scenario scenario, string[] churning, Random random, ConcurrentDictionary<string, int> faults, Func<int> progress, CancellationToken stop)
    {
        var absent = new HashSet<string>(StringComparer.Ordinal);
        var siloReplaced = false;
        var plan = new FaultPlan(random.Next());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(random.Next(5, 40), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var roll = random.Next(100);
            if (!siloReplaced && progress() > Messages * 2 / 5)
            {
                siloReplaced = true;
                var victim = fixture.Cluster.SecondarySilos[random.Next(fixture.Cluster.SecondarySilos.Count)];
                await fixture.Cluster.KillSiloAsync(victim, CancellationToken.None);
                await fixture.Cluster.StartAdditionalSiloAsync();
                faults.AddOrUpdate("silo replaced", 1, (_, n) => n + 1);
            }
            else if (roll < 70)
            {
                var id = churning[random.Next(churning.Length)];
                if (absent.Remove(id))
                {
                    await scenario.AddAsync(id, plan.Behavior);
                    faults.AddOrUpdate("joins", 1, (_, n) => n + 1);
                }
                else if (absent.Count < churning.Length - 1)
                {
                    absent.Add(id);
                    await scenario.GroupGrain.RemoveConsumer(new ConsumerId(id));
                    faults.AddOrUpdate("leaves", 1, (_, n) => n + 1);
                }
            }
            else
            {
                await scenario.UseAsync(Functions[random.Next(Functions.Length)]);
                faults.AddOrUpdate("function swaps", 1, (_, n) => n + 1);
            }
        }
    }
}
