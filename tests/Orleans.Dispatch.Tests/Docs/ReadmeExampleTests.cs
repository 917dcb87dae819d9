using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>The examples of the README and docs/routing-functions.md, run on a test cluster (the test consumer standing in for OrderWorker); DocSnippetTests compiles them as written.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class ReadmeExampleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_client_example_dispatches_to_the_least_loaded_worker()
    {
        var client = fixture.Client;
        var name = $"orders-{Guid.NewGuid():N}";
        var orderBytes = "{\"order\":17}"u8.ToArray();

        var group = client.GetGrain<IConsumerGroupGrain>(name);
        await group.AddConsumer(new ConsumerRegistration(new ConsumerId("worker-1"), client.GetGrain<ITestConsumerGrain>($"{name}/worker-1"))
        {
            MaxInFlight = 16,
            AffinityTags = ["eu"],
        });
        await group.AddConsumer(new ConsumerRegistration(new ConsumerId("worker-2"), client.GetGrain<ITestConsumerGrain>($"{name}/worker-2")));
        await group.SetRoutingFunction("least-loaded");

        var message = new RoutingMessage()
            .With("customer", FieldValue.Text("c-42"))
            .With("amount", FieldValue.Float(99.5))
            .WithPayload(orderBytes);
        DispatchOutcome outcome = await client.GetGrain<IDispatchGrain>(name).Dispatch(message);

        // worker-2 has the default MaxInFlight of 100, so the most available capacity.
        Assert.Equal("worker-2", outcome.DeliveredTo.Value);
        Assert.Equal([message], ConsumerScript.Receipts($"{name}/worker-2"));
        Assert.Equal(orderBytes, ConsumerScript.Receipts($"{name}/worker-2")[0].Payload.ToArray());
    }

    [Fact]
    public void The_custom_function_unit_test_example_holds()
    {
        var views = new[]
        {
            new ConsumerStateView(new ConsumerId("a"), maxInFlight: 4) { BufferDepth = 3, AffinityTags = ["gpu"] },
            new ConsumerStateView(new ConsumerId("b"), maxInFlight: 4) { CurrentInFlight = 4 },
        };
        var decision = new GpuFirstRouting().Route(new RoutingMessage().With("gpu", FieldValue.Boolean(true)), views);
        Assert.Equal(new ConsumerId("a"), decision.Consumer);
    }

    [Fact]
    public async Task The_custom_function_routes_through_a_group_and_sees_reported_buffer_depth()
    {
        var scenario = new Scenario(fixture.Client);
        await scenario.AddAsync("a", tags: ["gpu"]);
        await scenario.AddAsync("b", tags: ["gpu"]);
        await scenario.AddAsync("c");
        await scenario.UseAsync(GpuFirstRouting.Name);
        await scenario.GroupGrain.ReportBufferDepth(new ConsumerId("a"), 5);
        await scenario.GroupGrain.ReportBufferDepth(new ConsumerId("b"), 2);
        await scenario.GroupGrain.ReportBufferDepth(new ConsumerId("c"), 0);

        var gpuWork = await scenario.DispatchAsync(new RoutingMessage().With("gpu", FieldValue.Boolean(true)));
        var anyWork = await scenario.DispatchAsync(new RoutingMessage());

        Assert.Equal("b", gpuWork.DeliveredTo.Value);
        Assert.Equal("c", anyWork.DeliveredTo.Value);
    }
}
