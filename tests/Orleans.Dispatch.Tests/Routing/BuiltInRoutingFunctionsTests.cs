namespace Orleans.Dispatch.Tests.Routing;

/// <summary><see cref="RoutingFunctions.CreateBuiltIn"/>: the built-ins by name, fresh each time, and bad names refused with the reason.</summary>
[Trait("Category", "Unit")]
public sealed class BuiltInRoutingFunctionsTests
{
    private static readonly ConsumerStateView[] Consumers =
    [
        new(new ConsumerId("a"), 4) { CurrentInFlight = 3 },
        new(new ConsumerId("b"), 4) { CurrentInFlight = 1 },
    ];

    [Fact]
    public void A_built_in_is_created_by_name_and_each_instance_keeps_its_own_state()
    {
        Assert.Equal("b", RoutingFunctions.CreateBuiltIn("least-loaded").Route(new RoutingMessage(), Consumers).Consumer!.Value);

        var first = RoutingFunctions.CreateBuiltIn("round-robin");
        var second = RoutingFunctions.CreateBuiltIn("round-robin");
        Assert.Equal("a", first.Route(new RoutingMessage(), Consumers).Consumer!.Value);
        Assert.Equal("b", first.Route(new RoutingMessage(), Consumers).Consumer!.Value);
        Assert.Equal("a", second.Route(new RoutingMessage(), Consumers).Consumer!.Value);
    }

    [Theory]
    [InlineData("fastest", "unknown routing function 'fastest'")]
    [InlineData("by-field", "needs a field name after the colon")]
    [InlineData("least-loaded:zone", "takes no argument")]
    public void A_name_that_is_not_a_built_in_is_refused_saying_why(string name, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => RoutingFunctions.CreateBuiltIn(name));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal("name", refused.ParamName);
    }
}
