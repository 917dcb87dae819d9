using Orleans.Dispatch.Tests.Support;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>Behaviour 12: one group serves thousands of concurrent dispatches, and conversations do not pile up.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class ConcurrencyTests(ClusterFixture fixture)
{
    private const int Dispatches = 3000;
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Thousands_of_concurrent_dispatches_from_one_client_complete_and_conversations_deactivate()
    {
        var ids = new[] { "A", "B", "C", "D" };
        foreach (var id in ids)
        {
            await scenario.AddAsync(id, maxInFlight: Dispatches);
        }

        // Exact turns: with health on, a consumer whose first answers lag its peers' (a slow
        // activation in this burst) is suspect for a moment and skipped, as a full one is.
        await scenario.GroupGrain.SetConsumerHealth(ConsumerHealthPolicy.Off);

        var messages = Enumerable.Range(0, Dispatches).Select(i => new RoutingMessage().With("n", FieldValue.Integer(i))).ToArray();

        var outcomes = await Task.WhenAll(messages.Select(m => scenario.DispatchAsync(m))).Within(TimeSpan.FromSeconds(60));

        Assert.Equal(messages.Select(m => m.Id), outcomes.Select(o => o.MessageId));
        Assert.All(outcomes, o => Assert.True(o.DeliveredFirstTry));
        var received = ids.SelectMany(id => scenario.ReceivedBy(id).Select(m => (Id: id, Message: m))).ToList();
        Assert.Equal(Dispatches, received.Count);
        Assert.All(outcomes.Zip(messages), pair => Assert.Contains((pair.First.DeliveredTo.Value, pair.Second), received));

        // round-robin spreads the load evenly.
        Assert.All(ids, id => Assert.Equal(Dispatches / ids.Length, scenario.ReceivedBy(id).Count));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "every lease released (the release is one-way)");
        await Eventually.HoldsAsync(
            async () => await Activations.CountAsync(fixture, "DispatchConversationGrain") == 0,
            what: "every conversation activation deactivated");
    }
}
