using Orleans.Core.Internal;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// A group activation that Orleans deactivates (its directory entry's silo died, idle collection,
/// shutdown, rebalancing) ends promptly, and its next activation serves the group, even while
/// dispatches and repeats are waiting on it.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class GroupDeactivationTests(ClusterFixture fixture)
{
    /// <summary>How soon the group must answer again: a few of the group's bounded waits, far below the response timeout.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_group_deactivated_while_a_repeat_waits_on_it_answers_again_within_seconds()
    {
        var gate = new Gate();
        var held = new RoutingMessage("held-1").With("k", FieldValue.Integer(1));
        await scenario.AddAsync("A", call => call.Message.Id == held.Id ? gate.Behavior(call) : Task.CompletedTask);
        await scenario.UseAsync("first-available");

        var original = scenario.DispatchAsync(held);
        await gate.ArrivedAsync();
        Task<DispatchOutcome> repeat;
        using (var waits = CallWatch.For(scenario.GroupGrain, "AwaitOutcome"))
        {
            repeat = scenario.DispatchAsync(held);
            await waits.StartedAsync();
        }

        using var deactivation = Lifecycle.Of(scenario.GroupGrain);
        await scenario.GroupGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await deactivation.DeactivatedAsync(Prompt);
        var snapshot = await TaskDeadline.Within(scenario.GroupGrain.GetSnapshot(), Prompt);
        var other = await TaskDeadline.Within(scenario.DispatchAsync(new RoutingMessage("other-1")), Prompt);

        Assert.Equal(["A"], snapshot.Consumers.Select(c => c.Consumer.Value));
        Assert.Equal("A", other.DeliveredTo.Value);
        gate.Open();
        var outcomes = await TaskDeadline.Within(Task.WhenAll(original, repeat), Prompt);
        Assert.All(outcomes, o => Assert.Equal("A", o.DeliveredTo.Value));
    }

    [Fact]
    public async Task A_redispatch_of_dead_letters_in_progress_does_not_hold_the_groups_deactivation()
    {
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("letter-1")));
        await Eventually.HoldsAsync(async () => (await scenario.DeadLetters.List()).Count == 1, what: "the dead letter kept");
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);

        var redispatch = scenario.DeadLetters.Redispatch();
        await gate.ArrivedAsync();
        using var deactivation = Lifecycle.Of(scenario.GroupGrain);
        await scenario.GroupGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        await deactivation.DeactivatedAsync(Prompt);
        await TaskDeadline.Within(scenario.GroupGrain.GetSnapshot(), Prompt);
        gate.Open();
        Assert.Equal(new DeadLetterRedispatch(1, 1, 0, 0), await TaskDeadline.Within(redispatch, Prompt));
        Assert.Empty(await scenario.DeadLetters.List());
    }
}
