using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>
/// A message id's claim and leases belong to the dispatch that took them (its owner token): a
/// routing call it sends again is answered as the first, and nobody else can end its claim.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class OwnedClaimTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private IConsumerGroupRouterGrain Router => fixture.Client.GetGrain<IConsumerGroupRouterGrain>(scenario.Group);

    private static RouteRequest Request(RoutingMessage message, Guid owner, int call, long release = 0) =>
        new(message, null, [], release, message.ContentFingerprint(), owner, call, TestSilos.Elsewhere);

    [Fact]
    public async Task A_routing_call_sent_again_gets_the_first_answer_and_takes_no_second_lease()
    {
        await scenario.AddAsync("A");
        await scenario.AddAsync("B");
        await scenario.UseAsync("round-robin");
        var message = new RoutingMessage("m1");
        var owner = Guid.NewGuid();

        var first = Assert.IsType<Granted>(await Router.Route(Request(message, owner, 1)));
        var again = await Router.Route(Request(message, owner, 1));
        var snapshot = await scenario.GroupGrain.GetSnapshot();

        Assert.Equal(first, again);
        Assert.Equal(1, snapshot.Consumers.Sum(c => c.CurrentInFlight));
        await Router.Complete(message.Id, owner, first.Lease, null);
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "the lease released");
    }

    [Fact]
    public async Task A_complete_from_a_dispatch_that_does_not_own_the_message_id_is_ignored()
    {
        await scenario.AddAsync("A");
        var message = new RoutingMessage("m2");
        var owner = Guid.NewGuid();
        var claimed = Assert.IsType<Granted>(await Router.Route(Request(message, owner, 1)));

        await Router.Complete(message.Id, Guid.NewGuid(), claimed.Lease, null);
        var repeat = await Router.Route(Request(message, Guid.NewGuid(), 1));
        await Router.Complete(message.Id, owner, claimed.Lease, null);

        Assert.IsType<InProgress>(repeat);
        // Complete is one-way: the owner's report ends its claim once the group has it.
        await Eventually.ValueAsync(() => Router.Route(Request(message, Guid.NewGuid(), 1)), r => r is Granted, "the claim ended by its owner");
    }

    [Fact]
    public async Task The_same_message_dispatched_twice_is_delivered_once_and_the_second_outcome_says_it_was_replayed()
    {
        await scenario.AddAsync("A");
        var message = new RoutingMessage("m3").With("k", FieldValue.Integer(3));

        var first = await scenario.DispatchAsync(message);
        var second = await scenario.DispatchAsync(message);
        var another = await scenario.DispatchAsync(message.WithNewId());

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.DeliveredTo, second.DeliveredTo);
        Assert.False(another.Replayed);
        Assert.NotEqual(message.Id, another.MessageId);
        Assert.Equal(["m3", another.MessageId], scenario.ReceivedBy("A").Select(m => m.Id));
    }

    [Fact]
    public async Task A_crashed_first_attempt_activates_exactly_one_conversation_grain_for_the_message_and_it_is_gone_after()
    {
        await scenario.AddAsync("A", Behave.Throw());
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        var prefix = ConversationKey.Prefix(scenario.Group, "m4");
        using var lifecycle = Lifecycle.OfAny(g => g.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal));

        var outcome = await scenario.DispatchAsync(new RoutingMessage("m4"));
        await lifecycle.DeactivatedAsync(TestSettings.Patience);

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal(1, lifecycle.Activations);
    }
}
