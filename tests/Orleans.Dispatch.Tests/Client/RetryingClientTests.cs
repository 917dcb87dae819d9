using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Client;

/// <summary>The retrying client API against a real cluster (silo loss with real processes: <c>FailoverTests</c>).</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class RetryingClientTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task It_delivers_and_surfaces_dispatch_exceptions_unchanged()
    {
        var empty = new Scenario(fixture.Client);
        await scenario.AddAsync("A", Behave.Throw("down"));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var outcome = await fixture.Client.DispatchWithRetriesAsync(scenario.Group, new RoutingMessage("r1"));
        var failure = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => fixture.Client.DispatchWithRetriesAsync(empty.Group, new RoutingMessage("r2")));

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        Assert.Equal(empty.Group, failure.Group);
    }

    [Fact]
    public async Task The_registered_client_dispatches_through_the_cluster()
    {
        await scenario.AddAsync("A");
        var client = fixture.Cluster.Client.ServiceProvider.GetService<IDispatchClient>();
        Assert.NotNull(client);

        var outcome = await client.DispatchAsync(scenario.Group, new RoutingMessage("r3"));

        Assert.Equal("A", outcome.DeliveredTo.Value);
        Assert.Equal(["r3"], scenario.ReceivedBy("A").Select(m => m.Id));
    }
}
