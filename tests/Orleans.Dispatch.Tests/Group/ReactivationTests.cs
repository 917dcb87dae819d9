using Orleans.Core.Internal;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// A message still being delivered when its group re-activates (Orleans deactivates it when the
/// owner of its directory entry dies, on rebalancing or collection) is never delivered again by a
/// repeat that waited for it, and its consumer's in-flight count goes on. Run on a cluster whose
/// attempt timeout (10 s) leaves the gate-held delivery alive through the re-activation.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ReactivationTests(SlowRoutingClusterFixture fixture) : IClassFixture<SlowRoutingClusterFixture>
{
    /// <summary>How many times each case runs in a row: it once passed by chance in about half of the runs.</summary>
    private const int Runs = 8;

    [Fact]
    public async Task A_repeat_waiting_through_a_reactivation_gets_the_first_delivery_and_the_consumer_stays_counted()
    {
        for (var run = 1; run <= Runs; run++)
        {
            var scenario = new Scenario(fixture.Client);
            var (gate, original, repeat) = await HoldWithRepeatAsync(scenario, run);

            await DeactivateAsync(scenario);
            // A is still at its one attempt in flight: the next message goes to B.
            var other = await scenario.DispatchAsync(new RoutingMessage($"other-{run}")).Within();
            Assert.Equal(1, await scenario.InFlightAsync("A"));
            gate.Open();

            await AssertDeliveredOnceAsync(scenario, original, repeat, run);
            Assert.Equal("B", other.DeliveredTo.Value);
        }
    }

    [Fact]
    public async Task Without_a_hand_over_a_repeat_that_waited_holds_the_id_for_the_first_dispatch()
    {
        for (var run = 1; run <= Runs; run++)
        {
            var scenario = new Scenario(fixture.Client);
            var (gate, original, repeat) = await HoldWithRepeatAsync(scenario, run);

            // The hand-over's write fails: the next activation recovers as after its silo's crash.
            FaultyGrainStorage.Arm(scenario.GroupGrain, StorageFault.FailBeforeStoring());
            await DeactivateAsync(scenario);
            await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Consumers.Count == 2, what: "the next activation serving");
            gate.Open();

            await AssertDeliveredOnceAsync(scenario, original, repeat, run);
        }
    }

    [Fact]
    public async Task Two_dispatches_of_one_message_that_both_crashed_after_a_reactivation_without_a_hand_over_do_not_wait_on_each_other()
    {
        for (var run = 1; run <= Runs; run++)
        {
            var scenario = new Scenario(fixture.Client);
            var message = new RoutingMessage($"twice-{run}");
            var (first, second) = (new Gate(), new Gate());
            var arrivals = 0;
            await scenario.AddAsync("A", call => call.Message.Id != message.Id ? Task.CompletedTask : (Interlocked.Increment(ref arrivals) == 1 ? first : second).Behavior(call), maxInFlight: 2);
            await scenario.AddAsync("B");
            await scenario.UseAsync("first-available");

            var original = scenario.DispatchAsync(message);
            await first.ArrivedAsync();
            // The hand-over's write fails: the next activation knows nothing of the original's claim, as
            // after its silo's crash. A client's resend of the message (as after losing its gateway) then
            // owns the message id there, and goes to A too.
            FaultyGrainStorage.Arm(scenario.GroupGrain, StorageFault.FailBeforeStoring());
            await DeactivateAsync(scenario);
            var resent = scenario.DispatchAsync(message);
            await second.ArrivedAsync();

            // The original crashes first and, in its conversation, finds the resend owning the id: it waits for it.
            using (var waits = CallWatch.For(scenario.GroupGrain, "AwaitOutcome"))
            {
                first.OpenWithFailure();
                await waits.StartedAsync();
            }

            // Then the resend crashes: its conversation must go on beside the original's, not queue behind
            // it until its own claim expires (one conversation grain per message id did that).
            second.OpenWithFailure();
            var outcomes = await Task.WhenAll(original, resent).Within();

            Assert.All(outcomes, o => Assert.Equal("B", o.DeliveredTo.Value));
            Assert.Equal([true, false], outcomes.Select(o => o.Replayed));
            Assert.Single(scenario.ReceivedBy("B"), m => m.Id == message.Id);
            await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "every lease released");
        }
    }

    /// <summary>A gate holds message <c>held-N</c> at A (one in flight at most); a repeat of it waits on the group.</summary>
    private static async Task<(Gate Gate, Task<DispatchOutcome> Original, Task<DispatchOutcome> Repeat)> HoldWithRepeatAsync(Scenario scenario, int run)
    {
        var gate = new Gate();
        var held = new RoutingMessage($"held-{run}");
        await scenario.AddAsync("A", call => call.Message.Id == held.Id ? gate.Behavior(call) : Task.CompletedTask, maxInFlight: 1);
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var original = scenario.DispatchAsync(held);
        await gate.ArrivedAsync();
        using var waits = CallWatch.For(scenario.GroupGrain, "AwaitOutcome");
        var repeat = scenario.DispatchAsync(held);
        await waits.StartedAsync();
        return (gate, original, repeat);
    }

    private static async Task DeactivateAsync(Scenario scenario)
    {
        using var deactivation = Lifecycle.Of(scenario.GroupGrain);
        await scenario.GroupGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await deactivation.DeactivatedAsync(TestSettings.Patience);
    }

    private static async Task AssertDeliveredOnceAsync(Scenario scenario, Task<DispatchOutcome> original, Task<DispatchOutcome> repeat, int run)
    {
        var outcomes = await Task.WhenAll(original, repeat).Within();
        Assert.All(outcomes, o => Assert.Equal("A", o.DeliveredTo.Value));
        Assert.Equal([false, true], outcomes.Select(o => o.Replayed));
        Assert.Single(scenario.ReceivedBy("A"), m => m.Id == $"held-{run}");
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "every lease released");
    }
}
