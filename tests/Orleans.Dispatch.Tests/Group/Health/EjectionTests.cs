using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Tests.Group.Health;

/// <summary>When a group ejects a consumer, for how long, and how it comes back, on fake time (first-available: a takes every message it can).</summary>
[Trait("Category", "Unit")]
public sealed class EjectionTests
{
    private static readonly HashSet<string> AFails = ["a"];

    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10) };

    private ConsumerHealthPolicy Policy => options.ConsumerHealth;

    [Fact]
    public async Task Five_crashes_in_a_row_eject_a_consumer_for_the_base_time_and_the_next_messages_skip_it()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b", "c");
        for (var i = 0; i < Policy.ConsecutiveFailures - 1; i++)
        {
            Assert.Equal(["a", "b"], (await driver.DispatchAsync(AFails)).Tried);
        }

        Assert.Equal(ConsumerHealth.Healthy, driver.View("a").Health);
        Assert.Equal(["a", "b"], (await driver.DispatchAsync(AFails)).Tried);

        var ejected = driver.View("a");
        Assert.Equal(ConsumerHealth.Ejected, ejected.Health);
        AssertWithinJitter(Policy.BaseEjection, ejected.HealthTimeLeft!.Value);
        Assert.Equal("Crashed at a", ejected.LastFailure);
        Assert.Equal(["b"], (await driver.DispatchAsync(AFails)).Tried);
    }

    [Fact]
    public async Task An_ejection_ends_in_one_trial_at_a_time_that_does_not_count_as_an_attempt_and_a_crashed_trial_doubles_the_ejection()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b", "c");
        await EjectAsync(driver);
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        Assert.Equal(ConsumerHealth.Probing, driver.View("a").Health);

        var trial = await driver.StartAsync();
        var whileTrialRuns = await driver.StartAsync();

        Assert.Equal("a", trial.Granted.Consumer.Value);
        Assert.True(trial.Granted.Trial);
        Assert.Equal("b", whileTrialRuns.Granted.Consumer.Value);
        Assert.False(whileTrialRuns.Granted.Trial);
        await trial.CrashAsync();
        var again = driver.View("a");
        Assert.Equal(ConsumerHealth.Ejected, again.Health);
        AssertWithinJitter(Policy.BaseEjection * 2, again.HealthTimeLeft!.Value);
    }

    [Fact]
    public async Task The_trial_of_a_consumer_ejected_for_not_answering_gets_the_short_silent_trial_timeout_and_one_ejected_for_crashes_the_attempt_timeout()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b", "c");
        for (var i = 0; i < Policy.ConsecutiveFailures; i++)
        {
            await driver.DispatchAsync(AFails, AttemptEnd.TimedOut);
        }

        Assert.Equal(ConsumerHealth.Ejected, driver.View("a").Health);
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        var silentTrial = await driver.StartAsync();
        Assert.True(silentTrial.Granted.Trial);
        Assert.Equal(Policy.SilentTrialTimeout, silentTrial.Granted.AttemptTimeout);

        // It times out again (the trial's own timeout): ejected for the next step, and its next trial is short too.
        await (await silentTrial.CrashAsync(AttemptEnd.TimedOut)).DeliverAsync();
        Assert.Equal(ConsumerHealth.Ejected, driver.View("a").Health);
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        var secondTrial = await driver.StartAsync();
        Assert.Equal(Policy.SilentTrialTimeout, secondTrial.Granted.AttemptTimeout);

        // It answers, with a crash: an answer, so the trial after the next ejection gets the whole attempt timeout.
        await (await secondTrial.CrashAsync()).DeliverAsync();
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        var crashedTrial = await driver.StartAsync();
        Assert.True(crashedTrial.Granted.Trial);
        Assert.Null(crashedTrial.Granted.AttemptTimeout);
    }

    [Fact]
    public async Task The_silent_trial_timeout_is_never_longer_than_the_attempt_timeout_and_zero_turns_it_off()
    {
        foreach (var (policy, attemptTimeout, expected) in new (ConsumerHealthPolicy, TimeSpan, TimeSpan?)[]
        {
            (Policy with { SilentTrialTimeout = TimeSpan.Zero }, options.AttemptTimeout, null),
            (Policy with { SilentTrialTimeout = TimeSpan.FromSeconds(3) }, TimeSpan.FromSeconds(2), null),
            (Policy with { SilentTrialTimeout = TimeSpan.FromSeconds(3) }, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3)),
        })
        {
            var driver = new HealthDriver(time, new DispatchOptions { AttemptTimeout = attemptTimeout, ConsumerHealth = policy }, "first-available", "a", "b");
            for (var i = 0; i < policy.ConsecutiveFailures; i++)
            {
                await driver.DispatchAsync(AFails, AttemptEnd.TimedOut);
            }

            time.Advance(driver.View("a").HealthTimeLeft!.Value);
            var trial = await driver.StartAsync();
            Assert.True(trial.Granted.Trial);
            Assert.Equal(expected, trial.Granted.AttemptTimeout);
        }

        Assert.Equal("SilentTrialTimeout (-00:00:01) must not be negative", (Policy with { SilentTrialTimeout = TimeSpan.FromSeconds(-1) }).FindDefect());
    }

    [Fact]
    public async Task A_trial_that_delivers_brings_the_consumer_back_over_the_slow_start_and_a_crash_while_ramping_ejects_it_for_the_next_step()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b", "c");
        await EjectAsync(driver);
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        await (await driver.StartAsync()).DeliverAsync();

        var ramping = driver.Offered("a");
        Assert.Equal(ConsumerHealth.Ramping, ramping.Health);
        Assert.Equal(1, ramping.MaxInFlight);
        Assert.Equal(10, driver.View("a").MaxInFlight); // the snapshot shows what is registered
        time.Advance(Policy.SlowStart / 2);
        Assert.Equal(5, driver.Offered("a").MaxInFlight);
        time.Advance(Policy.SlowStart / 2);
        Assert.Equal((ConsumerHealth.Healthy, 10), (driver.Offered("a").Health, driver.Offered("a").MaxInFlight));
    }

    [Fact]
    public async Task A_crash_while_ramping_ejects_at_once_with_the_next_step()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b", "c");
        await EjectAsync(driver);
        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        await (await driver.StartAsync()).DeliverAsync();

        Assert.Equal(["a", "b"], (await driver.DispatchAsync(AFails)).Tried);

        Assert.Equal(ConsumerHealth.Ejected, driver.View("a").Health);
        AssertWithinJitter(Policy.BaseEjection * 2, driver.View("a").HealthTimeLeft!.Value);
    }

    [Fact]
    public async Task The_ejection_time_doubles_up_to_its_cap_and_steps_back_down_after_quiet_periods()
    {
        var capping = new DispatchOptions { AttemptTimeout = options.AttemptTimeout, ConsumerHealth = Policy with { MaxEjection = TimeSpan.FromSeconds(10) } };
        var driver = new HealthDriver(time, capping, "first-available", "a", "b", "c");
        var capped = driver.Group.Options.ConsumerHealth;
        await EjectAsync(driver);
        var expected = new[] { 4, 8, 10, 10 };
        foreach (var seconds in expected)
        {
            time.Advance(driver.View("a").HealthTimeLeft!.Value);
            await (await (await driver.StartAsync()).CrashAsync()).DeliverAsync();
            var left = driver.View("a").HealthTimeLeft!.Value;
            Assert.InRange(left, TimeSpan.FromSeconds(seconds * 0.8) - TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(Math.Min(seconds * 1.2, 10)));
        }

        time.Advance(driver.View("a").HealthTimeLeft!.Value);
        await (await driver.StartAsync()).DeliverAsync();
        time.Advance(capped.EjectionDecay * 10);

        await EjectAsync(driver);
        AssertWithinJitter(capped.BaseEjection, driver.View("a").HealthTimeLeft!.Value);
    }

    [Fact]
    public async Task A_high_failure_rate_without_five_in_a_row_ejects_when_the_rest_of_the_group_is_well()
    {
        var driver = new HealthDriver(time, options, "round-robin", "a", "b", "c", "d");
        var flaky = new Dictionary<string, int>();
        for (var i = 0; i < 120 && driver.View("a").Health == ConsumerHealth.Healthy; i++)
        {
            var attempt = await driver.StartAsync();
            var consumer = attempt.Granted.Consumer.Value;
            var failsNow = consumer == "a" && flaky.GetValueOrDefault("a") % 3 != 2; // two failures of every three
            flaky[consumer] = flaky.GetValueOrDefault(consumer) + 1;
            if (failsNow)
            {
                var rerouted = await attempt.CrashAsync();
                await rerouted.DeliverAsync();
            }
            else
            {
                await attempt.DeliverAsync();
            }

            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(ConsumerHealth.Ejected, driver.View("a").Health);
        Assert.True(flaky["a"] >= Policy.FailureRateMinimumAttempts, $"ejected after {flaky["a"]} attempts");
    }

    [Fact]
    public async Task Refused_calls_count_against_nobody()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(["a", "b"], (await driver.DispatchAsync(AFails, AttemptEnd.Refused)).Tried);
        }

        Assert.Equal((ConsumerHealth.Healthy, 0, null), (driver.View("a").Health, driver.View("a").RecentFailures, driver.View("a").LastFailure));
    }

    [Fact]
    public async Task A_poison_message_counts_against_the_first_two_consumers_it_crashes_on_only_and_ejects_nobody()
    {
        var c = new ConsumerHealthPolicy { ConsecutiveFailures = 2 };
        var driver = new HealthDriver(time, new DispatchOptions { ConsumerHealth = c }, "first-available", "a", "b", "c", "d", "e");
        var (tried, last) = await driver.DispatchAsync(new HashSet<string> { "a", "b", "c", "d", "e" });

        Assert.Equal(["a", "b", "c", "d", "e"], tried);
        Assert.IsType<NoConsumer>(last);
        Assert.All(["a", "b", "c", "d", "e"], id => Assert.Equal(ConsumerHealth.Healthy, driver.View(id).Health));
        Assert.Equal([1, 1, 0, 0, 0], new[] { "a", "b", "c", "d", "e" }.Select(id => driver.View(id).RecentFailures));
    }

    private static void AssertWithinJitter(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual, (expected * 0.8) - TimeSpan.FromMilliseconds(1), expected * 1.2);

    /// <summary>Crashes a, <paramref name="crashes"/> times (the policy's in-a-row count by default), each message delivered by b.</summary>
    private async Task EjectAsync(HealthDriver driver, int? crashes = null)
    {
        for (var i = 0; i < (crashes ?? Policy.ConsecutiveFailures); i++)
        {
            await driver.DispatchAsync(AFails);
        }

        Assert.Equal(ConsumerHealth.Ejected, driver.View("a").Health);
    }
}
