using System.Diagnostics;
using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// Consumer health, in-process, 64 in flight, groups of eight bench consumers: one failing every
/// message under least-loaded (against the same seven without it, interleaved), one never answering
/// under round-robin, four failing, all failing, one failing 1% at random, and one repaired mid-run.
/// </summary>
internal static class HealthScenario
{
    private const int InFlight = 64;

    public static async Task<HealthResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var client = silo.Client;
        var window = settings.Window;

        // One failing every message, least-loaded, against the same seven healthy consumers without it.
        await GroupAsync(client, "health-one", "least-loaded", ["crash-h7"]);
        await GroupAsync(client, "health-seven", "least-loaded", [], healthy: 7);
        var withIt = new HealthRun();
        var without = new HealthRun();
        for (var round = 0; round < 4; round++)
        {
            await LoadAsync(client, "health-one", window / 4, withIt);
            await LoadAsync(client, "health-seven", window / 4, without);
        }


        // The healthy path: eight healthy consumers, round-robin, with health tracking on and off, interleaved.
        await GroupAsync(client, "health-on", "round-robin", [], healthy: 8);
        await GroupAsync(client, "health-off", "round-robin", [], healthy: 8);
        await client.GetGrain<IConsumerGroupGrain>("health-off").SetConsumerHealth(ConsumerHealthPolicy.Off);
        var on = new HealthRun();
        var off = new HealthRun();
        for (var round = 0; round < 4; round++)
        {
            // Each first in turn, so that neither always runs after the other.
            var (before, after) = round % 2 == 0 ? (("health-off", off), ("health-on", on)) : (("health-on", on), ("health-off", off));
            await LoadAsync(client, before.Item1, window / 4, before.Item2);
            await LoadAsync(client, after.Item1, window / 4, after.Item2);
        }

        Console.WriteLine($"  eight healthy, round-robin: {on.Rate:N0}/s with health tracking against {off.Rate:N0}/s without ({on.Rate / off.Rate:N2}x)");

        var share = withIt.AfterFirstSecond == 0 ? 0 : (double)withIt.ReachedAfterFirstSecond("h7") / withIt.AfterFirstSecond;
        Console.WriteLine($"  one of 8 failing every message, least-loaded: {share:P3} of dispatches reached it after the first second; {withIt.Rate:N0}/s against {without.Rate:N0}/s without it ({withIt.Rate / without.Rate:N2}x); {withIt.Failed} failed");

        // One never answering, round-robin (the default), the default attempt timeout (10 s).
        await GroupAsync(client, "health-hang", "round-robin", ["hang-h7"]);
        var hangRun = settings.Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(60);
        var hanging = new HealthRun();
        await LoadAsync(client, "health-hang", hangRun, hanging);
        var paid = hanging.PaidAttemptTimeout("h7");
        Console.WriteLine($"  one of 8 never answering, round-robin, {hangRun.TotalSeconds:N0} s: {paid} dispatch(es) paid the attempt timeout, {hanging.TrialTimeouts("h7")} trial(s) timed out at the silent trial timeout, {hanging.Reached("h7")} reached it, {hanging.Failed} failed, {hanging.Total:N0} dispatches");

        // The same, but the consumer stops answering 5 s into the run (as one does in production), not before its first message.
        BenchConsumerGrain.Stalled = false;
        await GroupAsync(client, "health-stall", "round-robin", ["stall-h7"]);
        var stalling = new HealthRun();
        var stallAfter = TimeSpan.FromSeconds(settings.Quick ? 2 : 5);
        var stallLoad = LoadAsync(client, "health-stall", hangRun + stallAfter, stalling);
        await Task.Delay(stallAfter);
        BenchConsumerGrain.Stalled = true;
        await stallLoad;
        var stallPaid = stalling.PaidAttemptTimeout("h7");
        Console.WriteLine($"  one of 8 stopping answering {stallAfter.TotalSeconds:N0} s into the run, round-robin, {hangRun.TotalSeconds:N0} s after: {stallPaid} dispatch(es) paid the attempt timeout, {stalling.TrialTimeouts("h7")} trial(s) timed out at the silent trial timeout, {stalling.CrashedOn("h7")} crashed on it, {stalling.Failed} failed, {stalling.Total:N0} dispatches");

        // Four failing every message.
        await GroupAsync(client, "health-four", "round-robin", ["crash-h4", "crash-h5", "crash-h6", "crash-h7"], healthy: 4);
        var four = new HealthRun();
        await LoadAsync(client, "health-four", window, four);
        var wasted = (four.Reached("h4") + four.Reached("h5") + four.Reached("h6") + four.Reached("h7")) / 4.0;
        Console.WriteLine($"  four of 8 failing: {wasted:N1} wasted attempts per failing consumer in {window.TotalSeconds:N0} s, {four.Failed} failed");

        // All failing.
        await GroupAsync(client, "health-all", "round-robin", [.. Enumerable.Range(0, 8).Select(i => $"crash-h{i}")], healthy: 0);
        var all = new HealthRun();
        await LoadAsync(client, "health-all", window, all);
        var attempts = all.AfterFirstSecond == 0 ? 0 : (double)all.AttemptsAfterFirstSecond / all.AfterFirstSecond;
        Console.WriteLine($"  all 8 failing: {attempts:N2} attempts per dispatch after the first second, {all.Untyped} ended untyped, {all.Total:N0} dispatches");

        // One failing 1% of messages at random: nobody ejected.
        using var ejections = new EjectionCounter("health-flaky");
        await GroupAsync(client, "health-flaky", "round-robin", ["flaky-h7"]);
        var flaky = new HealthRun();
        var flakyCount = settings.Quick ? 200_000 : 2_000_000;
        await LoadAsync(client, "health-flaky", TimeSpan.MaxValue, flaky, flakyCount);
        Console.WriteLine($"  one of 8 failing 1% at random: {ejections.Count} ejection(s) in {flaky.Total:N0} dispatches, {flaky.Failed} failed");

        // One repaired mid-run: how long until it has 90% of its fair share again.
        BenchConsumerGrain.Broken = true;
        await GroupAsync(client, "health-repair", "round-robin", ["broken-h7"]);
        var repair = new HealthRun { Seconds = true };
        var repairRun = TimeSpan.FromSeconds(settings.Quick ? 9 : 20);
        var repairedAt = TimeSpan.FromSeconds(2);
        var load = LoadAsync(client, "health-repair", repairRun, repair);
        await Task.Delay(repairedAt);
        BenchConsumerGrain.Broken = false;
        await load;
        var back = repair.FirstSecondWithShare("h7", 0.9 / 8, after: repairedAt) is { } second ? second - repairedAt.TotalSeconds : double.NaN;
        Console.WriteLine($"  one of 8 repaired {repairedAt.TotalSeconds:N0} s into the run: back to 90% of its fair share {back:N0} s after its repair");

        return new HealthResult(
            share, withIt.Rate, without.Rate, withIt.Failed, hangRun.TotalSeconds, paid, hanging.Failed, wasted, window.TotalSeconds, four.Failed,
            attempts, all.Untyped, flaky.Total, ejections.Count, back, on.Rate, off.Rate, stallPaid, hanging.TrialTimeouts("h7"), stalling.TrialTimeouts("h7"));
    }

    private static async Task GroupAsync(IClusterClient client, string name, string function, string[] broken, int healthy = 7)
    {
        var group = client.GetGrain<IConsumerGroupGrain>(name);
        for (var i = 0; i < healthy; i++)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId($"h{i}"), client.GetGrain<IBenchConsumerGrain>($"ok-{name}-h{i}")));
        }

        foreach (var key in broken)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId(key[(key.IndexOf('-') + 1)..]), client.GetGrain<IBenchConsumerGrain>($"{key}-{name}")));
        }

        await group.SetRoutingFunction(function);
    }

    /// <summary>Dispatches to <paramref name="group"/> at <see cref="InFlight"/> for <paramref name="duration"/> (or <paramref name="count"/> dispatches), recording into <paramref name="run"/>.</summary>
    private static async Task LoadAsync(IClusterClient client, string group, TimeSpan duration, HealthRun run, int count = int.MaxValue)
    {
        var dispatcher = client.GetGrain<IDispatchGrain>(group);
        var clock = Stopwatch.StartNew();
        var started = 0;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= count)
            {
                var at = run.Elapsed;
                try
                {
                    run.RecordDelivered(at, await dispatcher.Dispatch(new RoutingMessage($"{group}-{Guid.NewGuid():N}")));
                }
                catch (DispatchException exception)
                {
                    run.RecordFailed(at, exception);
                }
                catch (Exception)
                {
                    run.RecordUntyped();
                }
            }
        }));
    }
}
