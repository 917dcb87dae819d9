namespace Orleans.Dispatch.Tests.Contracts;

[Trait("Category", "Unit")]
public sealed class ContentFingerprintTests
{
    private static readonly RoutingMessage Base = new RoutingMessage("m").With("k", FieldValue.Text("1")).WithPayload([1, 2]);

    [Fact]
    public void Equal_content_has_equal_fingerprints_whatever_the_id()
    {
        var same = new RoutingMessage("other").WithPayload([1, 2]).With("k", FieldValue.Text("1"));

        Assert.Equal(Base.ContentFingerprint(), same.ContentFingerprint());
    }

    public static TheoryData<RoutingMessage> Variants() => new()
    {
        Base.With("k", FieldValue.Integer(1)),
        Base.With("k", FieldValue.Text("2")),
        Base.With("j", FieldValue.Text("1")),
        Base.WithPayload([1, 2, 3]),
        Base.WithPayload([]),
        new RoutingMessage("m").With("k", FieldValue.Text("1")).With("k2", FieldValue.Null).WithPayload([1, 2]),
        new RoutingMessage("m").With("k1", FieldValue.Text("")).WithPayload([1, 2]),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Any_difference_in_fields_or_payload_changes_the_fingerprint(RoutingMessage variant)
    {
        Assert.NotEqual(Base.ContentFingerprint(), variant.ContentFingerprint());
    }

    [Fact]
    public void The_fingerprint_is_stable_across_processes()
    {
        // Golden value: a change here means groups and conversations of different builds disagree.
        Assert.Equal(Guid.Parse("032bc9fc-44a6-20af-b09f-fc0dd6e1c6d1"), Base.ContentFingerprint());
    }

    [Fact]
    public void Negative_zero_and_zero_are_one_value_with_one_fingerprint_and_one_hash_key()
    {
        var zero = FieldValue.Float(0.0);
        var negative = FieldValue.Float(-0.0);
        var consumers = Enumerable.Range(0, 16).Select(i => new ConsumerStateView(new ConsumerId($"c{i}"), 1)).ToArray();
        var hash = new Orleans.Dispatch.Routing.BuiltIn.ConsistentHashRoutingFunction("k");

        Assert.Equal(zero, negative);
        Assert.Equal("0", negative.ToString());
        Assert.Equal(new RoutingMessage("m").With("k", zero).ContentFingerprint(), new RoutingMessage("m").With("k", negative).ContentFingerprint());
        Assert.Equal(hash.Route(new RoutingMessage().With("k", zero), consumers), hash.Route(new RoutingMessage().With("k", negative), consumers));
        Assert.Equal(FieldValue.Float(double.NaN).ToString(), FieldValue.Float(BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001))).ToString());
    }
}
