using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Contracts;

/// <summary>
/// Every kind of bad input a user or a hostile client can send, with the result the contract
/// gives it; where the input is rejected, the group's state is asserted unchanged.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private async Task<string> StateAsync()
    {
        var snapshot = await scenario.GroupGrain.GetSnapshot();
        return snapshot.RoutingFunction + "|" + string.Join(";", snapshot.Consumers.Select(c => $"{c.Consumer}:{c.MaxInFlight}:{string.Join(",", c.AffinityTags)}"));
    }

    private async Task<TException> RejectedAndUnchangedAsync<TException>(Func<Task> act)
        where TException : Exception
    {
        var before = await StateAsync();
        var thrown = await Assert.ThrowsAnyAsync<TException>(act);
        Assert.Equal(before, await StateAsync());
        return thrown;
    }

    private async Task SeedAsync()
    {
        await scenario.AddAsync("A", tags: ["eu"]);
        await scenario.UseAsync("least-loaded");
    }

    [Fact]
    public async Task Null_arguments_are_rejected_naming_them_and_change_nothing()
    {
        await SeedAsync();

        var message = await RejectedAndUnchangedAsync<ArgumentNullException>(() => scenario.Dispatcher.Dispatch(null!));
        var registration = await RejectedAndUnchangedAsync<ArgumentNullException>(() => scenario.GroupGrain.AddConsumer(null!));
        var function = await RejectedAndUnchangedAsync<ArgumentNullException>(() => scenario.GroupGrain.SetRoutingFunction(null!));
        var removed = await RejectedAndUnchangedAsync<ArgumentNullException>(() => scenario.GroupGrain.RemoveConsumer(null!));
        var group = await RejectedAndUnchangedAsync<ArgumentException>(() => fixture.Client.DispatchWithRetriesAsync(null!, new RoutingMessage()));

        Assert.Contains("message", message.Message, StringComparison.Ordinal);
        Assert.Contains("registration", registration.Message, StringComparison.Ordinal);
        Assert.Contains("name", function.Message, StringComparison.Ordinal);
        Assert.Contains("consumer", removed.Message, StringComparison.Ordinal);
        Assert.Equal("group", group.ParamName);
        Assert.Equal("consumer", Assert.Throws<ArgumentNullException>(() => new ConsumerRegistration(new ConsumerId("x"), null!)).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentNullException>(() => new ConsumerRegistration(null!, scenario.GroupGrain.AsReference<IConsumerGrain>())).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentNullException>(() => new RoutingMessage().With(null!, FieldValue.Null)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new RoutingMessage().With("f", null!)).ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    public void Bad_consumer_ids_are_rejected(string id) =>
        Assert.Throws<ArgumentException>(() => new ConsumerId(id));

    [Fact]
    public void A_consumer_id_over_256_characters_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new ConsumerId(new string('x', 257)));

    public static TheoryData<int> MaxInFlightOutOfRange => [0, -1, ConsumerRegistration.MaxInFlightLimit + 1];

    [Theory]
    [MemberData(nameof(MaxInFlightOutOfRange))]
    public void MaxInFlight_out_of_range_is_rejected(int maxInFlight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerRegistration(new ConsumerId("x"), scenario.GroupGrain.AsReference<IConsumerGrain>()) { MaxInFlight = maxInFlight });

    [Fact]
    public async Task Registering_the_same_id_again_replaces_it_and_returns_false()
    {
        await SeedAsync();

        var added = await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), fixture.Client.GetGrain<ITestConsumerGrain>(scenario.KeyOf("A"))) { MaxInFlight = 7 });

        Assert.False(added);
        var consumer = Assert.Single((await scenario.GroupGrain.GetSnapshot()).Consumers);
        Assert.Equal(7, consumer.MaxInFlight);
        Assert.Empty(consumer.AffinityTags);
    }

    [Fact]
    public async Task Removing_a_consumer_that_is_not_there_returns_false_and_changes_nothing()
    {
        await SeedAsync();
        var before = await StateAsync();

        Assert.False(await scenario.GroupGrain.RemoveConsumer(new ConsumerId("nobody")));
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("consistent-hash:")]
    [InlineData("round-robin:x")]
    [InlineData("by-field")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_function_name_is_rejected_and_the_function_in_force_stays(string name)
    {
        await SeedAsync();

        var thrown = await RejectedAndUnchangedAsync<ArgumentException>(() => scenario.GroupGrain.SetRoutingFunction(name));

        Assert.Contains("routing function", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("least-loaded", (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }

    [Fact]
    public async Task Messages_over_the_client_limits_are_rejected_before_anything_is_sent()
    {
        await SeedAsync();
        var tooManyFields = Enumerable.Range(0, MessageLimits.DefaultMaxFields + 1).Aggregate(new RoutingMessage(), (m, i) => m.With($"f{i}", FieldValue.Integer(i)));
        var tooBigPayload = new RoutingMessage().WithPayload(new byte[MessageLimits.DefaultMaxPayloadBytes + 1]);

        var fields = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.DispatchWithRetriesAsync(scenario.Group, tooManyFields));
        var payload = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.DispatchWithRetriesAsync(scenario.Group, tooBigPayload));
        var tighter = new DispatchClientOptions { MessageLimits = new MessageLimits { MaxFields = 2 } };
        var three = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.DispatchWithRetriesAsync(scenario.Group, new RoutingMessage().With("a", FieldValue.Null).With("b", FieldValue.Null).With("c", FieldValue.Null), tighter));

        Assert.Contains("MaxFields (64)", fields.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPayloadBytes (1048576)", payload.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFields (2)", three.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DispatchClientOptions { MessageLimits = new MessageLimits { MaxFields = 0 } }.Validate());
    }

    [Fact]
    public void Builders_reject_only_what_no_silo_may_accept()
    {
        var named = Assert.Throws<ArgumentException>(() => new RoutingMessage().With(new string('f', 257), FieldValue.Null));
        var atLimit = Enumerable.Range(0, MessageLimits.MaxFieldsLimit).Aggregate(new RoutingMessage(), (m, i) => m.With($"f{i}", FieldValue.Integer(i)));
        var overLimit = Assert.Throws<ArgumentException>(() => atLimit.With("one-more", FieldValue.Null));

        Assert.Equal("field", named.ParamName);
        Assert.Equal("field", overLimit.ParamName);
        Assert.Equal(MessageLimits.MaxFieldsLimit, atLimit.Fields.Count);
        Assert.Contains("4096", overLimit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_over_the_silo_limits_are_rejected_by_the_grains_too()
    {
        await SeedAsync();
        // Sent straight to the dispatch grain, past any client-side check.
        var tooManyFields = Enumerable.Range(0, MessageLimits.DefaultMaxFields + 1).Aggregate(new RoutingMessage(), (m, i) => m.With($"f{i}", FieldValue.Integer(i)));
        var tooBigPayload = new RoutingMessage().WithPayload(new byte[MessageLimits.DefaultMaxPayloadBytes + 1]);

        var fields = await RejectedAndUnchangedAsync<ArgumentException>(() => scenario.DispatchAsync(tooManyFields));
        var payload = await RejectedAndUnchangedAsync<ArgumentException>(() => scenario.DispatchAsync(tooBigPayload));

        Assert.Contains("MaxFields", fields.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPayloadBytes", payload.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_consumer_returning_a_faulted_or_never_completing_task_is_a_crash_and_the_message_is_rerouted()
    {
        await scenario.AddAsync("A", _ => Task.FromException(new InvalidOperationException("faulted task")));
        await scenario.AddAsync("B", _ => new TaskCompletionSource().Task);
        await scenario.AddAsync("C");
        await scenario.UseAsync("first-available");

        var outcome = await scenario.DispatchAsync(new RoutingMessage());

        Assert.Equal("C", outcome.DeliveredTo.Value);
        Assert.Equal(["A", "B"], outcome.ReroutedFrom.Select(c => c.Value));
        Assert.Contains("faulted task", outcome.Crashes[0].Failure, StringComparison.Ordinal);
        Assert.Contains("attempt timeout", outcome.Crashes[1].Failure, StringComparison.Ordinal);
    }
}
