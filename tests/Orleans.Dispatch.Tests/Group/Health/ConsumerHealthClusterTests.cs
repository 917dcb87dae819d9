using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group.Health;

/// <summary>
/// Consumers that are alive but broken, on a test cluster (attempt timeout 2 s): one that fails
/// every message, one that never answers, one that fails two of three, one repaired mid-run, and a
/// group whose consumers all fail. Faults are the consumers' own behaviour, injected per message.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class ConsumerHealthClusterTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Least_loaded_sends_a_consumer_failing_every_message_almost_nothing_and_nothing_fails()
    {
        await AddAsync(8, broken: ("c3", Behave.Throw("database connection lost")));
        await scenario.UseAsync("least-loaded");

        var outcomes = await DispatchAsync(400, inFlight: 16);

        // Its recent failures count as its load, and then it is ejected: no sinkhole (without health it drew about 8%).
        Assert.InRange(outcomes.Count(o => o.ReroutedFrom.Any(c => c.Value == "c3")), 1, 16);
        Assert.All(outcomes, o => Assert.NotEqual("c3", o.DeliveredTo.Value));
    }

    [Fact]
    public async Task A_consumer_failing_every_message_is_ejected_after_a_handful_and_nothing_fails()
    {
        await AddAsync(8, broken: ("c3", Behave.Throw("database connection lost")));
        await scenario.UseAsync("round-robin");

        var outcomes = await DispatchAsync(400, inFlight: 16);

        var crashedOnBroken = outcomes.Count(o => o.ReroutedFrom.Any(c => c.Value == "c3"));
        Assert.InRange(crashedOnBroken, ConsumerHealthPolicy.Default.ConsecutiveFailures, ConsumerHealthPolicy.Default.ConsecutiveFailures + 16);
        Assert.All(outcomes, o => Assert.NotEqual("c3", o.DeliveredTo.Value));
        var broken = await ViewAsync("c3");
        Assert.Equal(ConsumerHealth.Ejected, broken.Health);
        Assert.Contains("database connection lost", broken.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_that_never_answers_stops_drawing_messages_long_before_its_attempts_time_out()
    {
        await AddAsync(8, broken: ("c5", Behave.IgnoreAndHang));
        await scenario.UseAsync("round-robin");

        var outcomes = await DispatchAsync(400, inFlight: 16);

        // Without health, round-robin sends an eighth of the messages (50) to it, each paying the attempt timeout.
        var timedOut = outcomes.Count(o => o.ReroutedFrom.Any(c => c.Value == "c5"));
        Assert.InRange(timedOut, 1, 16);
        Assert.All(outcomes, o => Assert.NotEqual("c5", o.DeliveredTo.Value));
    }

    [Fact]
    public async Task The_trial_of_a_consumer_ejected_for_never_answering_times_out_at_the_silent_trial_timeout_and_costs_its_message_no_attempt()
    {
        await AddAsync(4, broken: ("c2", Behave.IgnoreAndHang));
        await scenario.UseAsync("round-robin");
        // Suspect after its first messages, it is handed one at a time until five in a row have timed out.
        await Eventually.HoldsAsync(
            async () =>
            {
                await DispatchAsync(16, inFlight: 16);
                return (await ViewAsync("c2")).Health is ConsumerHealth.Ejected or ConsumerHealth.Probing;
            },
            within: TimeSpan.FromMinutes(1),
            what: "c2 ejected");
        await Eventually.HoldsAsync(async () => (await ViewAsync("c2")).Health == ConsumerHealth.Probing, what: "c2 probing after its ejection");

        // Its trial: round-robin reaches it within a turn of the group.
        var outcomes = await DispatchAsync(8, inFlight: 8);

        var trial = Assert.Single(outcomes, o => o.ReroutedFrom.Any(c => c.Value == "c2"));
        var crash = Assert.Single(trial.Crashes);
        Assert.Equal($"no answer within the trial timeout of {ConsumerHealthPolicy.Default.SilentTrialTimeout}", crash.Failure);
        Assert.Equal(ConsumerHealth.Ejected, (await ViewAsync("c2")).Health);
    }

    [Fact]
    public async Task A_consumer_failing_two_messages_of_three_is_ejected_by_its_failure_rate()
    {
        var calls = 0;
        await AddAsync(4, broken: ("c1", call => Interlocked.Increment(ref calls) % 3 == 0 ? Task.CompletedTask : Task.FromException(new InvalidOperationException("flaky"))));
        await scenario.UseAsync("round-robin");

        await Eventually.HoldsAsync(
            async () =>
            {
                await DispatchAsync(40, inFlight: 4);
                return (await ViewAsync("c1")).Health == ConsumerHealth.Ejected;
            },
            what: "the flaky consumer ejected");
    }

    [Fact]
    public async Task A_consumer_repaired_mid_run_passes_its_trial_and_draws_messages_again()
    {
        var repaired = false;
        await AddAsync(3, broken: ("c0", _ => Volatile.Read(ref repaired) ? Task.CompletedTask : Task.FromException(new InvalidOperationException("bad deploy"))));
        await scenario.UseAsync("first-available");
        await DispatchAsync(20, inFlight: 1);
        Assert.Equal(ConsumerHealth.Ejected, (await ViewAsync("c0")).Health);

        Volatile.Write(ref repaired, true);
        await Eventually.HoldsAsync(
            async () => (await DispatchAsync(1, inFlight: 1))[0].DeliveredTo.Value == "c0",
            what: "the repaired consumer delivering again");

        await Eventually.HoldsAsync(async () => (await ViewAsync("c0")).Health is ConsumerHealth.Ramping or ConsumerHealth.Healthy, what: "ramping up, then healthy (the trial's end reaches the group one-way)");
    }

    [Fact]
    public async Task When_every_consumer_fails_each_dispatch_ends_typed_nobody_is_ejected_and_the_load_is_not_multiplied()
    {
        var attempts = 0;
        for (var i = 0; i < 4; i++)
        {
            await scenario.AddAsync($"c{i}", _ =>
            {
                Interlocked.Increment(ref attempts);
                return Task.FromException(new InvalidOperationException("shared database down"));
            });
        }

        await scenario.UseAsync("round-robin");
        const int Dispatches = 300;
        var failures = await Task.WhenAll(Enumerable.Range(0, Dispatches).Select(i => Assert.ThrowsAnyAsync<DispatchException>(() => scenario.DispatchAsync(new RoutingMessage($"m{i}")))));

        // Typed: out of budget (no consumer tried after the crash), or MaxAttempts spent within it.
        Assert.All(failures, f => Assert.True(f is NoConsumerAvailableException or DispatchExhaustedException, f.ToString()));
        Assert.True(failures.Count(f => f is NoConsumerAvailableException) > Dispatches / 2, "most dispatches ended at the budget");
        // Every first attempt, plus the saved budget (100), 20% of the dispatches and 10 a second.
        Assert.InRange(attempts, Dispatches, Dispatches + 100 + (Dispatches / 5) + 50);
        var snapshot = await scenario.GroupGrain.GetSnapshot();
        Assert.All(snapshot.Consumers, c => Assert.NotEqual(ConsumerHealth.Ejected, c.Health));
    }

    [Fact]
    public async Task A_cordoned_consumer_gets_nothing_until_uncordoned_and_the_cordon_survives_a_reactivation()
    {
        await AddAsync(2);
        await scenario.UseAsync("first-available");
        Assert.True(await scenario.GroupGrain.Cordon(new ConsumerId("c0")));

        await Activations.DeactivateAsync(fixture, scenario.GroupGrain.GetGrainId());
        var whileCordoned = await DispatchAsync(20, inFlight: 4);
        Assert.Equal(ConsumerHealth.Cordoned, (await ViewAsync("c0")).Health);
        Assert.True(await scenario.GroupGrain.Uncordon(new ConsumerId("c0")));

        Assert.All(whileCordoned, o => Assert.Equal("c1", o.DeliveredTo.Value));
        Assert.Equal("c0", (await scenario.DispatchAsync(new RoutingMessage("after"))).DeliveredTo.Value);
    }

    [Fact]
    public async Task A_dispatch_with_no_consumer_left_names_the_ones_out_of_rotation_apart_from_the_ones_it_crashed_on()
    {
        await AddAsync(3, broken: ("c1", Behave.Throw("disk full")));
        await scenario.UseAsync("first-available");
        Assert.True(await scenario.GroupGrain.Cordon(new ConsumerId("c0")));
        Assert.True(await scenario.GroupGrain.Cordon(new ConsumerId("c2")));

        var failure = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("alone")));

        Assert.Equal(["c1"], failure.ReroutedFrom.Select(c => c.Value));
        Assert.Equal(["c0", "c2"], failure.OutOfRotation.Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.Contains("1 were excluded after crashing and 2 are out of rotation", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_with_health_off_keeps_trying_a_failing_consumer_and_a_bad_policy_is_refused_by_name()
    {
        await AddAsync(2, broken: ("c0", Behave.Throw()));
        await scenario.UseAsync("first-available");
        await scenario.GroupGrain.SetConsumerHealth(ConsumerHealthPolicy.Off);

        var outcomes = await DispatchAsync(20, inFlight: 1);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => scenario.GroupGrain.SetConsumerHealth(ConsumerHealthPolicy.Default with { ConsecutiveFailures = 0 }));

        Assert.All(outcomes, o => Assert.Equal(["c0"], o.ReroutedFrom.Select(c => c.Value)));
        Assert.Equal(ConsumerHealth.Healthy, (await ViewAsync("c0")).Health);
        Assert.Contains(nameof(ConsumerHealthPolicy.ConsecutiveFailures), refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Consumers c0..c(n-1) that acknowledge, but the one named, which behaves as given.</summary>
    private async Task AddAsync(int count, (string Id, ConsumerBehavior Behavior)? broken = null)
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"c{i}";
            await scenario.AddAsync(id, broken is { } b && b.Id == id ? b.Behavior : null);
        }
    }

    private async Task<ConsumerStateView> ViewAsync(string id) => (await scenario.GroupGrain.GetSnapshot()).Consumers.Single(c => c.Consumer.Value == id);

    private async Task<DispatchOutcome[]> DispatchAsync(int count, int inFlight)
    {
        using var slots = new SemaphoreSlim(inFlight);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                return await scenario.DispatchAsync(new RoutingMessage($"{prefix}-{i}"));
            }
            finally
            {
                slots.Release();
            }
        }));
    }
}
