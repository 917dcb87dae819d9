using System.Reflection;

namespace Orleans.Dispatch.Tests.Contracts;

/// <summary>
/// The checks the grains run on messages and registrations that arrive by deserialization, which
/// skips the public API's validation. Reflection stands in for a hostile or buggy client.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DefectCheckTests
{
    [Fact]
    public void A_well_formed_message_and_registration_have_no_defect()
    {
        Assert.Null(new RoutingMessage().With("b", FieldValue.Null).With("a", FieldValue.Integer(1)).FindDefect());
        Assert.Null(Registration(["eu", "gpu"]).FindDefect());
    }

    [Fact]
    public void A_message_with_unsorted_duplicate_bad_or_valueless_fields_is_found_out()
    {
        var message = new RoutingMessage("m").With("a", FieldValue.Null).With("b", FieldValue.Null);

        Assert.Contains("not unique and sorted at 'a'", With(message, "names", new[] { "b", "a" }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("not unique and sorted at 'a'", With(message, "names", new[] { "a", "a" }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("field name 1 contains the control character", With(message, "names", new[] { "a", "b\u0001" }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("field 'b' has no value", With(message, "values", new FieldValue?[] { FieldValue.Null, null }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("differ in number", With(message, "values", new[] { FieldValue.Null }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("its id is empty", With(message, "id", string.Empty).FindDefect(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_with_bad_tags_or_limits_is_found_out()
    {
        var registration = Registration(["eu", "gpu"]);

        Assert.Contains("affinity tags are not unique and sorted", With(registration, "affinityTags", new[] { "gpu", "eu" }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("affinity tag 0 is whitespace only", With(registration, "affinityTags", new[] { " " }).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("MaxInFlight 0 is outside", With(registration, "maxInFlight", 0).FindDefect(), StringComparison.Ordinal);
        Assert.Contains("no consumer grain", With(registration, "consumer", null).FindDefect(), StringComparison.Ordinal);
    }

    private static ConsumerRegistration Registration(string[] tags) =>
        new(new ConsumerId("A"), new NoConsumer()) { AffinityTags = tags };

    private static T With<T>(T target, string field, object? value)
    {
        var copy = (T)typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(target, null)!;
        typeof(T).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(copy, value);
        return copy;
    }

    private sealed class NoConsumer : IConsumerGrain
    {
        public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
