using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Behaviours 1-3: selection goes through the routing function, and its refusals fail the dispatch with the right type.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class RoutingTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task ByField_delivers_to_the_named_consumer_on_the_first_try()
    {
        await scenario.AddAsync("A");
        await scenario.AddAsync("B");
        await scenario.AddAsync("C");
        await scenario.UseAsync("by-field:target");
        var message = new RoutingMessage().With("target", FieldValue.Text("B")).WithPayload([1, 2, 3]);

        var outcome = await scenario.DispatchAsync(message);

        Assert.Equal(new ConsumerId("B"), outcome.DeliveredTo);
        Assert.True(outcome.DeliveredFirstTry);
        Assert.Empty(outcome.ReroutedFrom);
        Assert.Equal(message.Id, outcome.MessageId);
        Assert.Equal("by-field:target", outcome.RoutingFunction);
        Assert.Equal([message], scenario.ReceivedBy("B"));
        Assert.Empty(scenario.ReceivedBy("A"));
        Assert.Empty(scenario.ReceivedBy("C"));
    }

    [Fact]
    public async Task A_consumer_grain_with_an_integer_key_consumes()
    {
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var consumer = fixture.Client.GetGrain<IIntegerKeyConsumerGrain>(key);
        await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("int"), consumer));
        var message = new RoutingMessage();

        var outcome = await scenario.DispatchAsync(message);

        Assert.Equal("int", outcome.DeliveredTo.Value);
        Assert.Equal([message], ConsumerScript.Receipts(IntegerKeyConsumerGrain.ScriptKey(key)));
    }

    [Fact]
    public async Task An_empty_group_fails_with_NoConsumerAvailable()
    {
        var message = new RoutingMessage();

        var error = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(message));

        Assert.Equal(message.Id, error.MessageId);
        Assert.Equal(scenario.Group, error.Group);
        Assert.Empty(error.Crashes);
        Assert.Contains("no consumers", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_that_selects_nobody_fails_with_NoConsumerAvailable()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        var error = await Assert.ThrowsAsync<NoConsumerAvailableException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("script", FieldValue.Text("nobody"))));

        Assert.Contains("selected nobody", error.Reason, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task By_field_naming_no_consumer_fails_with_NoConsumerAvailable()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync("by-field:target");

        await Assert.ThrowsAsync<NoConsumerAvailableException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("target", FieldValue.Text("Z"))));
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage()));
        Assert.Empty(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_function_that_selects_an_id_outside_the_group_fails_with_UnknownConsumerSelected()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        var error = await Assert.ThrowsAsync<UnknownConsumerSelectedException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("script", FieldValue.Text("stranger"))));

        Assert.Equal(new ConsumerId("ghost"), error.Consumer);
        Assert.Equal(ScriptedRoutingFunction.Name, error.RoutingFunction);
        Assert.Empty(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_function_that_selects_an_excluded_consumer_fails_with_UnknownConsumerSelected()
    {
        await scenario.AddAsync("A", Behave.Throw());
        await scenario.AddAsync("B");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        // The scripted function selects A on every decision: A crashes, and the reroute selects A again.
        var error = await Assert.ThrowsAsync<UnknownConsumerSelectedException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("script", FieldValue.Text("select:A"))));

        Assert.Equal(new ConsumerId("A"), error.Consumer);
        Assert.Equal([new ConsumerId("A")], error.ReroutedFrom);
        Assert.Single(scenario.ReceivedBy("A"));
        Assert.Empty(scenario.ReceivedBy("B"));
    }

    [Theory]
    [InlineData("bad\u0007group")]
    [InlineData("a-group-name-longer-than-256-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task A_group_name_that_breaks_the_id_rules_is_rejected_by_every_entry_point(string name)
    {
        // Orleans itself refuses empty and whitespace-only keys before anything is sent.
        Assert.Throws<ArgumentException>(() => fixture.Client.GetGrain<IDispatchGrain>(" "));
        var message = new RoutingMessage();
        var group = fixture.Client.GetGrain<IConsumerGroupGrain>(name);

        foreach (var call in new Func<Task>[]
        {
            () => fixture.Client.GetGrain<IDispatchGrain>(name).Dispatch(message),
            () => group.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), fixture.Client.GetGrain<ITestConsumerGrain>("x"))),
            () => group.RemoveConsumer(new ConsumerId("A")),
            () => group.GetSnapshot(),
            () => group.SetRoutingFunction("round-robin"),
            () => group.ReportBufferDepth(new ConsumerId("A"), 1),
        })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(call);
            Assert.Contains("group name", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_null_message_or_registration_is_rejected_naming_it()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => scenario.Dispatcher.Dispatch(null!));
        Assert.Contains("'message'", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ArgumentNullException>(() => scenario.GroupGrain.AddConsumer(null!));
        Assert.Contains("'registration'", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => scenario.GroupGrain.RemoveConsumer(null!));
        Assert.Empty((await scenario.GroupGrain.GetSnapshot()).Consumers);
    }
}
