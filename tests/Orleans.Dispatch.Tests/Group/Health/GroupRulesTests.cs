using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Routing.BuiltIn;

namespace Orleans.Dispatch.Tests.Group.Health;

/// <summary>The group-wide rules of consumer health, on fake time: the cap, a shared outage, the reroute budget, suspects, the sinkhole and cordons.</summary>
[Trait("Category", "Unit")]
public sealed class GroupRulesTests
{
    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Past_the_cap_a_failing_consumer_is_degraded_and_used_only_when_every_healthy_one_is_full()
    {
        var capped = new DispatchOptions { ConsumerHealth = ConsumerHealthPolicy.Default with { MaxEjectedShare = 0.25 } };
        var driver = new HealthDriver(time, capped, "round-robin", "a", "b", "c", "d", "e", "f", "g", "h");
        for (var i = 0; i < 80; i++)
        {
            await driver.DispatchAsync(new HashSet<string> { "a", "b", "c" });
        }

        Assert.Equal(
            [ConsumerHealth.Ejected, ConsumerHealth.Ejected, ConsumerHealth.Degraded, ConsumerHealth.Healthy],
            new[] { "a", "b", "c", "d" }.Select(id => driver.View(id).Health));
        var held = new List<HealthDriver.Attempt>();
        for (var i = 0; i < 50; i++)
        {
            held.Add(await driver.StartAsync()); // d to h, ten each, never answered (the clock stands still: none is suspect)
        }

        Assert.DoesNotContain(held, a => a.Granted.Consumer.Value == "c");
        Assert.Equal("c", (await driver.StartAsync()).Granted.Consumer.Value);
    }

    [Fact]
    public async Task When_most_of_the_group_fails_together_nobody_is_ejected()
    {
        var driver = new HealthDriver(time, options, "round-robin", "a", "b", "c", "d");
        var crashed = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            crashed.Add(await driver.FailOnceAsync());
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(10, crashed.Count(id => id == "a"));
        Assert.All(["a", "b", "c", "d"], id => Assert.Equal(ConsumerHealth.Healthy, driver.View(id).Health));
    }

    [Fact]
    public async Task When_every_consumer_fails_the_reroute_budget_holds_attempts_near_one_per_dispatch_and_every_dispatch_ends_typed()
    {
        var driver = new HealthDriver(time, options, "round-robin", "a", "b", "c", "d", "e", "f", "g", "h");
        var all = new HashSet<string> { "a", "b", "c", "d", "e", "f", "g", "h" };
        var attempts = 0;
        const int Dispatches = 2_000;
        for (var i = 0; i < Dispatches; i++)
        {
            var (tried, last) = await driver.DispatchAsync(all);
            Assert.IsType<NoConsumer>(last);
            attempts += tried.Count;
            time.Advance(TimeSpan.FromMilliseconds(1)); // 1,000 dispatches a second, for two seconds
        }

        // The saved budget (100), 20% of the dispatches and 10 a second: 2,000 + 100 + 400 + 20 at most.
        Assert.InRange(attempts, Dispatches, Dispatches + 520);
    }

    [Fact]
    public async Task A_consumer_holding_messages_without_answering_while_its_peers_answer_is_suspect_until_it_answers()
    {
        var driver = new HealthDriver(time, options, "round-robin", "a", "b", "c");
        var hung = await HoldOneAtAAsync(driver);

        Assert.Equal(ConsumerHealth.Suspect, driver.View("a").Health);
        var whileSuspect = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var attempt = await driver.StartAsync();
            whileSuspect.Add(attempt.Granted.Consumer.Value);
            await attempt.DeliverAsync();
        }

        await hung.DeliverAsync();

        Assert.DoesNotContain("a", whileSuspect);
        Assert.Equal(ConsumerHealth.Healthy, driver.View("a").Health);
    }

    [Fact]
    public async Task A_timeout_is_not_an_answer_so_a_consumer_whose_messages_timed_out_is_handed_one_at_a_time_until_it_answers()
    {
        var driver = new HealthDriver(time, options, "round-robin", "a", "b", "c");
        var hung = await HoldOneAtAAsync(driver);

        var rerouted = await hung.CrashAsync(AttemptEnd.TimedOut);
        Assert.NotEqual("a", rerouted.Granted.Consumer.Value);
        await rerouted.DeliverAsync();
        Assert.Equal(0, driver.View("a").CurrentInFlight);

        var toA = new List<HealthDriver.Attempt>();
        for (var i = 0; i < 12; i++)
        {
            var attempt = await driver.StartAsync();
            if (attempt.Granted.Consumer.Value == "a")
            {
                toA.Add(attempt);
                continue;
            }

            await attempt.DeliverAsync();
        }

        // No time passes: a consumer handed a message fresh is never suspect at once, but one whose
        // last attempt timed out is. Round-robin would have handed it four of twelve; it holds one.
        var held = Assert.Single(toA);
        Assert.Equal(ConsumerHealth.Suspect, driver.View("a").Health);
        await held.DeliverAsync();
        Assert.Equal(ConsumerHealth.Healthy, driver.View("a").Health);
        var afterAnswer = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var attempt = await driver.StartAsync();
            afterAnswer.Add(attempt.Granted.Consumer.Value);
            await attempt.DeliverAsync();
        }

        Assert.Contains("a", afterAnswer);
    }

    [Fact]
    public async Task Least_loaded_counts_recent_failures_as_load_and_a_reroute_prefers_consumers_without_them()
    {
        var driver = new HealthDriver(time, options, "least-loaded", "a", "b", "c");
        var (tried, _) = await driver.DispatchAsync(new HashSet<string> { "a" });
        Assert.Equal(["a", "b"], tried);
        Assert.Equal(1, driver.View("a").RecentFailures);

        var next = await driver.StartAsync();
        Assert.Equal("b", next.Granted.Consumer.Value); // a has the most room, but a recent failure
        await next.DeliverAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, driver.View("a").RecentFailures);
        Assert.Equal("a", (await driver.StartAsync()).Granted.Consumer.Value);

        var views = new[] { new ConsumerStateView(new ConsumerId("x"), 4) { RecentFailures = 2 }, new ConsumerStateView(new ConsumerId("y"), 4) { CurrentInFlight = 1 } };
        Assert.Equal("y", new LeastLoadedRoutingFunction().Route(new RoutingMessage(), views).Consumer!.Value);
    }

    [Fact]
    public async Task A_cordoned_consumer_gets_nothing_until_uncordoned_then_ramps_up()
    {
        var driver = new HealthDriver(time, options, "first-available", "a", "b");
        driver.Group.Dispatcher.Health.Cordon(new ConsumerId("a"));

        Assert.Equal("b", (await driver.StartAsync()).Granted.Consumer.Value);
        Assert.Equal(ConsumerHealth.Cordoned, driver.View("a").Health);
        driver.Group.Dispatcher.Health.Uncordon(new ConsumerId("a"));
        Assert.Equal((ConsumerHealth.Ramping, 1), (driver.Offered("a").Health, driver.Offered("a").MaxInFlight));
        Assert.Equal("a", (await driver.StartAsync()).Granted.Consumer.Value);
    }

    [Fact]
    public async Task With_the_policy_off_nothing_is_ejected_and_reroutes_are_not_budgeted()
    {
        var off = new DispatchOptions { ConsumerHealth = ConsumerHealthPolicy.Off };
        var driver = new HealthDriver(time, off, "first-available", "a", "b");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(["a", "b"], (await driver.DispatchAsync(new HashSet<string> { "a" })).Tried);
        }

        Assert.Equal(ConsumerHealth.Healthy, driver.View("a").Health);
    }

    /// <summary>Consumer a takes one message and holds it while twenty more dispatches run, its peers answering theirs, a millisecond apart.</summary>
    private async Task<HealthDriver.Attempt> HoldOneAtAAsync(HealthDriver driver)
    {
        var hung = await driver.StartAsync();
        Assert.Equal("a", hung.Granted.Consumer.Value);
        for (var i = 0; i < 20; i++)
        {
            var attempt = await driver.StartAsync();
            if (attempt.Granted.Consumer.Value != "a")
            {
                await attempt.DeliverAsync();
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return hung;
    }
}
