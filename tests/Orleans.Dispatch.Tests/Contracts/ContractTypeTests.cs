namespace Orleans.Dispatch.Tests.Contracts;

/// <summary>The contract types: validation, equality, immutability.</summary>
[Trait("Category", "Unit")]
public sealed class ContractTypeTests
{
    public static TheoryData<string> BadIds => new()
    {
        string.Empty,
        "   ",
        "\t",
        "a\nb",
        "nul\0",
        new string('x', 257),
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public void ConsumerId_rejects_empty_blank_control_and_overlong_ids(string bad)
    {
        var error = Assert.Throws<ArgumentException>(() => new ConsumerId(bad));
        Assert.Equal("value", error.ParamName);
        Assert.Contains("consumer id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsumerId_rejects_null_and_compares_ordinally()
    {
        Assert.Throws<ArgumentNullException>(() => new ConsumerId(null!));
        Assert.Equal(256, new ConsumerId(new string('x', 256)).Value.Length);
        Assert.Equal(new ConsumerId("a"), new ConsumerId("a"));
        Assert.True(new ConsumerId("a") == new ConsumerId("a"));
        Assert.NotEqual(new ConsumerId("a"), new ConsumerId("A"));
        Assert.True(new ConsumerId("B") < new ConsumerId("a"));
        Assert.Equal("id-1", new ConsumerId("id-1").ToString());
    }

    [Fact]
    public void FieldValue_has_value_equality_per_kind()
    {
        Assert.Equal(FieldValue.Text("x"), FieldValue.Text("x"));
        Assert.NotEqual(FieldValue.Text("1"), FieldValue.Integer(1));
        Assert.NotEqual(FieldValue.Integer(1), FieldValue.Float(1));
        Assert.Equal(FieldValue.Float(double.NaN), FieldValue.Float(double.NaN));
        Assert.Equal(FieldValue.Boolean(true), FieldValue.Boolean(true));
        Assert.NotEqual(FieldValue.Boolean(true), FieldValue.Boolean(false));
        Assert.Equal(FieldValue.Null, FieldValue.Null);
        Assert.True(FieldValue.Null.IsNull);
        Assert.Throws<ArgumentNullException>(() => FieldValue.Text(null!));

        Assert.True(FieldValue.Integer(long.MinValue).TryGetInteger(out var integer));
        Assert.Equal(long.MinValue, integer);
        Assert.False(FieldValue.Integer(1).TryGetText(out _));
        Assert.True(FieldValue.Float(0.5).TryGetFloat(out var number));
        Assert.Equal(0.5, number);
        Assert.True(FieldValue.Boolean(false).TryGetBoolean(out var flag));
        Assert.False(flag);
        Assert.Equal(FieldKind.Text, FieldValue.Text("").Kind);
    }

    [Fact]
    public void RoutingMessage_is_immutable_and_iterates_fields_in_name_order()
    {
        var empty = new RoutingMessage("m-1");
        var message = empty.With("zeta", FieldValue.Integer(1)).With("alpha", FieldValue.Text("a")).With("Mid", FieldValue.Null);
        var replaced = message.With("alpha", FieldValue.Text("b"));

        Assert.Empty(empty.Fields);
        Assert.Equal(["Mid", "alpha", "zeta"], message.Fields.Keys);
        Assert.Equal(FieldValue.Text("a"), message.Fields["alpha"]);
        Assert.Equal(FieldValue.Text("b"), replaced.Fields["alpha"]);
        Assert.Equal("m-1", replaced.Id);
        Assert.NotEqual(message, replaced);
        Assert.Equal(message, empty.With("Mid", FieldValue.Null).With("alpha", FieldValue.Text("a")).With("zeta", FieldValue.Integer(1)));
        Assert.Throws<KeyNotFoundException>(() => message.Fields["missing"]);
    }

    [Fact]
    public void RoutingMessage_copies_its_payload()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var message = new RoutingMessage().WithPayload(bytes);
        bytes[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
        Assert.NotEqual(message, message.WithPayload([1, 2, 4]));
        Assert.True(new RoutingMessage().Payload.IsEmpty);
    }

    [Fact]
    public void RoutingMessage_ids_are_unique_and_validated()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => new RoutingMessage().Id).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.Throws<ArgumentNullException>(() => new RoutingMessage(null!));
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => new RoutingMessage(" ")).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentException>(() => new RoutingMessage().With("", FieldValue.Null)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new RoutingMessage().With(null!, FieldValue.Null));
        Assert.Throws<ArgumentNullException>(() => new RoutingMessage().With("f", null!));
    }

    [Fact]
    public void ConsumerRegistration_validates_and_normalises()
    {
        var consumer = new FakeConsumer();
        var registration = new ConsumerRegistration(new ConsumerId("A"), consumer) { AffinityTags = ["gpu", "eu", "gpu"] };

        Assert.Equal(ConsumerRegistration.DefaultMaxInFlight, registration.MaxInFlight);
        Assert.Equal(["eu", "gpu"], registration.AffinityTags);
        Assert.Throws<ArgumentNullException>(() => new ConsumerRegistration(null!, consumer));
        Assert.Throws<ArgumentNullException>(() => new ConsumerRegistration(new ConsumerId("A"), null!));
        foreach (var bad in new[] { 0, -1, 1_000_001 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerRegistration(new ConsumerId("A"), consumer) { MaxInFlight = bad });
            Assert.Equal("MaxInFlight", error.ParamName);
        }

        Assert.Equal(1_000_000, new ConsumerRegistration(new ConsumerId("A"), consumer) { MaxInFlight = 1_000_000 }.MaxInFlight);
        Assert.Throws<ArgumentException>(() => new ConsumerRegistration(new ConsumerId("A"), consumer) { AffinityTags = ["ok", " "] });
        Assert.Throws<ArgumentNullException>(() => new ConsumerRegistration(new ConsumerId("A"), consumer) { AffinityTags = null! });
    }

    [Fact]
    public void ConsumerStateView_derives_capacity_and_affinity()
    {
        var view = new ConsumerStateView(new ConsumerId("A"), maxInFlight: 4) { CurrentInFlight = 6, AffinityTags = ["eu"] };

        Assert.Equal(0, view.AvailableCapacity);
        Assert.False(view.HasCapacity);
        Assert.True(view.HasAffinity("eu"));
        Assert.False(view.HasAffinity("EU"));
        Assert.Equal(3, new ConsumerStateView(new ConsumerId("B"), 4) { CurrentInFlight = 1 }.AvailableCapacity);
        Assert.True(new ConsumerStateView(new ConsumerId("B"), 4).HasCapacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerStateView(new ConsumerId("B"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerStateView(new ConsumerId("B"), 4) { CurrentInFlight = -1 });
    }

    [Fact]
    public void RoutingDecision_selects_one_consumer_or_nobody()
    {
        Assert.True(RoutingDecision.None.IsNone);
        Assert.Equal(new ConsumerId("A"), RoutingDecision.Select(new ConsumerId("A")).Consumer);
        Assert.Equal(RoutingDecision.Select(new ConsumerId("A")), RoutingDecision.Select(new ConsumerId("A")));
        Assert.Throws<ArgumentNullException>(() => RoutingDecision.Select(null!));
    }

    private sealed class FakeConsumer : IConsumerGrain
    {
        public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
