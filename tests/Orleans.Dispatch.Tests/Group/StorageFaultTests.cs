using Orleans.Dispatch.Group;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Group.Registrations;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// A group whose storage fails or stalls: faults injected into its writes by
/// <see cref="FaultyGrainStorage"/>, the <c>dispatch</c> provider of every test silo.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class StorageFaultTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private async Task<string[]> RegisteredAsync() => [.. (await scenario.GroupGrain.GetSnapshot()).Consumers.Select(c => c.Consumer.Value)];

    private async Task ReactivateAsync()
    {
        using var deactivation = Lifecycle.Of(scenario.GroupGrain);
        await scenario.GroupGrain.AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        await deactivation.DeactivatedAsync(TestSettings.Patience);
    }

    /// <summary>Orleans reports a provider's failure as an <see cref="Orleans.Runtime.OrleansException"/> naming the provider, wrapping what it threw.</summary>
    private static async Task AssertStorageFailureAsync(Func<Task> change)
    {
        var failure = await Assert.ThrowsAsync<Orleans.Runtime.OrleansException>(change);
        Assert.Contains("storage provider", failure.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(failure.InnerException);
    }

    [Fact]
    public async Task A_change_whose_write_finds_another_writers_state_is_made_again_of_what_storage_holds()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync("first-available");
        await StoredState.WriteBehindAsync(fixture, scenario.Group, state => new ConsumerGroupState { RoutingFunction = "round-robin", Consumers = state.Consumers, Listed = state.Listed });

        await scenario.AddAsync("B");

        var snapshot = await scenario.GroupGrain.GetSnapshot();
        Assert.Equal(["A", "B"], snapshot.Consumers.Select(c => c.Consumer.Value));
        Assert.Equal("round-robin", snapshot.RoutingFunction);
        await ReactivateAsync();
        Assert.Equal(["A", "B"], await RegisteredAsync());
        Assert.Equal("round-robin", (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }

    [Fact]
    public async Task A_write_that_fails_before_storing_throws_changes_nothing_and_the_next_change_succeeds()
    {
        await scenario.AddAsync("A");
        FaultyGrainStorage.Arm(scenario.GroupGrain, StorageFault.FailBeforeStoring());

        await AssertStorageFailureAsync(() => scenario.AddAsync("B"));
        Assert.Equal(["A"], await RegisteredAsync());
        await scenario.AddAsync("C");
        await ReactivateAsync();

        Assert.Equal(["A", "C"], await RegisteredAsync());
    }

    [Fact]
    public async Task After_a_write_that_was_stored_and_then_reported_failed_memory_follows_storage_and_the_next_change_succeeds()
    {
        await scenario.AddAsync("A");
        FaultyGrainStorage.Arm(scenario.GroupGrain, StorageFault.FailAfterStoring());

        await AssertStorageFailureAsync(() => scenario.AddAsync("B"));
        var afterFailure = await RegisteredAsync();
        await scenario.AddAsync("C");
        var reported = await RegisteredAsync();
        await ReactivateAsync();

        // B was stored, so the group routes with it, as a new activation would.
        Assert.Equal(["A", "B"], afterFailure);
        Assert.Equal(["A", "B", "C"], reported);
        Assert.Equal(reported, await RegisteredAsync());
    }

    [Fact]
    public async Task Dispatches_go_on_while_a_registration_write_is_held_and_the_change_takes_effect_once_stored()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync("round-robin");
        var held = StorageFault.Held();
        FaultyGrainStorage.Arm(scenario.GroupGrain, held);

        var adding = scenario.AddAsync("B");
        await held.Reached.Task.WaitAsync(TestSettings.Patience);
        var during = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => scenario.DispatchAsync(new RoutingMessage()))).WaitAsync(TestSettings.Patience);
        var beforeStored = await RegisteredAsync();
        held.Released.TrySetResult();
        await adding.WaitAsync(TestSettings.Patience);

        Assert.All(during, o => Assert.Equal("A", o.DeliveredTo.Value));
        Assert.Equal(["A"], beforeStored);
        Assert.Equal(["A", "B"], await RegisteredAsync());
    }

    [Fact]
    public async Task A_group_whose_stored_registrations_no_longer_load_says_so_naming_the_group_and_the_value()
    {
        await scenario.AddAsync("A");
        await StoredState.ChangeAsync(fixture, scenario.Group, state => new ConsumerGroupState
        {
            RoutingFunction = state.RoutingFunction,
            Consumers = [new StoredConsumer { Id = "A", GrainId = "not a grain id", MaxInFlight = 1 }],
            Listed = state.Listed,
        });

        var dispatch = await Assert.ThrowsAsync<DispatchConversationException>(() => scenario.DispatchAsync(new RoutingMessage()));
        var add = await Assert.ThrowsAnyAsync<Exception>(() => scenario.AddAsync("B"));

        Assert.Contains(scenario.Group, dispatch.Message, StringComparison.Ordinal);
        Assert.Contains("not a grain id", dispatch.Message, StringComparison.Ordinal);
        Assert.IsNotType<ArgumentException>(add, exactMatch: false);
        Assert.Contains("stored registrations", add.Message, StringComparison.Ordinal);
    }
}
