using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.BuiltIn;
using static Orleans.Dispatch.Tests.Routing.Views;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Behaviour 13, directly: each built-in over hand-made consumer state.</summary>
[Trait("Category", "Unit")]
public sealed class BuiltInRoutingFunctionTests
{
    [Fact]
    public void FirstAvailable_takes_the_first_consumer_by_id_with_capacity()
    {
        var function = new FirstAvailableRoutingFunction();

        Assert.Equal("A", function.Pick(Of(View("A"), View("B"))));
        Assert.Equal("B", function.Pick(Of(View("A", inFlight: 10), View("B"), View("C"))));
        Assert.Null(function.Pick(Of(View("A", inFlight: 10), View("B", inFlight: 12))));
    }

    [Fact]
    public void RoundRobin_takes_consumers_in_turn_by_id_skipping_those_at_capacity()
    {
        var function = new RoundRobinRoutingFunction();
        var views = Of(View("A"), View("B"), View("C"));

        Assert.Equal(["A", "B", "C", "A", "B"], Enumerable.Range(0, 5).Select(_ => function.Pick(views)));

        var bFull = Of(View("A"), View("B", inFlight: 10), View("C"));
        Assert.Equal(["C", "A", "C"], Enumerable.Range(0, 3).Select(_ => function.Pick(bFull)));
        Assert.Null(function.Pick(Of(View("A", inFlight: 10), View("B", inFlight: 10))));
    }

    [Fact]
    public void The_capacity_aware_built_ins_wait_when_every_candidate_is_full_and_the_blind_ones_never_wait()
    {
        var full = Of(View("A", inFlight: 10, tags: "eu"), View("B", inFlight: 10, tags: "us"));
        var eu = new RoutingMessage().With("zone", FieldValue.Text("eu")).With("target", FieldValue.Text("A")).With("key", FieldValue.Text("k"));
        var asia = new RoutingMessage().With("zone", FieldValue.Text("asia"));

        Assert.All(
            new IRoutingFunction[] { new FirstAvailableRoutingFunction(), new RoundRobinRoutingFunction(), new LeastLoadedRoutingFunction(), new AffinityRoutingFunction("zone") },
            f => Assert.Equal(RoutingDecision.Wait, f.Route(eu, full)));
        Assert.Equal(RoutingDecision.None, new AffinityRoutingFunction("zone").Route(asia, full));
        Assert.Equal("A", new ByFieldRoutingFunction("target").Pick(full, eu));
        Assert.False(new ConsistentHashRoutingFunction("key").Route(eu, full).IsWait);
        Assert.True(RoutingDecision.Wait.IsWait);
        Assert.False(RoutingDecision.Wait.IsNone);
        Assert.NotEqual(RoutingDecision.None, RoutingDecision.Wait);
        Assert.Equal("Wait", RoutingDecision.Wait.ToString());
    }

    [Fact]
    public void RoundRobin_keeps_its_turn_across_joins_and_leaves()
    {
        var function = new RoundRobinRoutingFunction();
        Assert.Equal("A", function.Pick(Of(View("A"), View("C"))));

        // B joined after A: it is next. Then A leaves: after B comes C.
        Assert.Equal("B", function.Pick(Of(View("A"), View("B"), View("C"))));
        Assert.Equal("C", function.Pick(Of(View("B"), View("C"))));
        Assert.Equal("B", function.Pick(Of(View("B"), View("C"))));
    }

    [Fact]
    public void LeastLoaded_takes_the_most_available_capacity_with_ties_to_the_lowest_id()
    {
        var function = new LeastLoadedRoutingFunction();

        Assert.Equal("B", function.Pick(Of(View("A", inFlight: 5), View("B", inFlight: 1), View("C", inFlight: 3))));
        Assert.Equal("A", function.Pick(Of(View("A", inFlight: 2), View("B", inFlight: 2))));
        Assert.Equal("C", function.Pick(Of(View("A", inFlight: 0, max: 2), View("C", inFlight: 5, max: 20))));
        Assert.Null(function.Pick(Of(View("A", inFlight: 10), View("B", inFlight: 11))));
    }

    [Fact]
    public void ByField_takes_the_consumer_the_field_names_and_ignores_capacity()
    {
        var function = new ByFieldRoutingFunction("target");
        var views = Of(View("A"), View("B", inFlight: 10), View("C"));

        Assert.Equal("B", function.Pick(views, new RoutingMessage().With("target", FieldValue.Text("B"))));
        Assert.Null(function.Pick(views, new RoutingMessage().With("target", FieldValue.Text("Z"))));
        Assert.Null(function.Pick(views, new RoutingMessage().With("target", FieldValue.Text("b"))));
        Assert.Null(function.Pick(views, new RoutingMessage().With("target", FieldValue.Integer(1))));
        Assert.Null(function.Pick(views, new RoutingMessage()));
    }

    [Fact]
    public void Affinity_takes_the_least_loaded_consumer_with_the_tag()
    {
        var function = new AffinityRoutingFunction("region");
        var views = Of(
            View("A", inFlight: 0, max: 10, "us"),
            View("B", inFlight: 4, max: 10, "eu"),
            View("C", inFlight: 2, max: 10, "eu", "gpu"),
            View("D", inFlight: 10, max: 10, "ap"));

        Assert.Equal("C", function.Pick(views, new RoutingMessage().With("region", FieldValue.Text("eu"))));
        Assert.Equal("A", function.Pick(views, new RoutingMessage().With("region", FieldValue.Text("us"))));
        Assert.Null(function.Pick(views, new RoutingMessage().With("region", FieldValue.Text("ap"))));
        Assert.Null(function.Pick(views, new RoutingMessage().With("region", FieldValue.Text("mars"))));
        Assert.Null(function.Pick(views, new RoutingMessage()));
    }

    [Fact]
    public void ConsistentHash_sends_a_value_to_the_same_consumer_from_any_instance_and_ignores_capacity()
    {
        var views = Of(View("A"), View("B"), View("C", inFlight: 10), View("D"), View("E"));
        var values = Enumerable.Range(0, 200).Select(i => $"key-{i}").ToArray();

        var first = values.Select(v => new ConsistentHashRoutingFunction("k").Pick(views, Message(v))).ToArray();
        var again = values.Select(v => new ConsistentHashRoutingFunction("k").Pick(views, Message(v))).ToArray();

        Assert.Equal(first, again);
        Assert.All(first, Assert.NotNull);
        Assert.Contains("C", first);
        Assert.Equal(5, first.Distinct().Count());
    }

    [Fact]
    public void ConsistentHash_is_stable_across_processes_and_restarts()
    {
        // Golden values: a process-randomised hash (string.GetHashCode) would change them on every run.
        var function = new ConsistentHashRoutingFunction("k");
        var views = Of(View("A"), View("B"), View("C"), View("D"));

        var picks = new[] { "alpha", "beta", "gamma", "delta", "epsilon", "zeta" }.Select(v => function.Pick(views, Message(v)));

        Assert.Equal(ConsistentHashGolden.Picks, picks);
    }

    [Fact]
    public void ConsistentHash_moves_only_the_values_of_a_removed_consumer()
    {
        var function = new ConsistentHashRoutingFunction("k");
        var all = Of(View("A"), View("B"), View("C"), View("D"), View("E"));
        var withoutC = Of(View("A"), View("B"), View("D"), View("E"));
        var values = Enumerable.Range(0, 1000).Select(i => $"user-{i}").ToArray();

        var before = values.Select(v => function.Pick(all, Message(v))).ToArray();
        var after = values.Select(v => function.Pick(withoutC, Message(v))).ToArray();

        for (var i = 0; i < values.Length; i++)
        {
            if (before[i] != "C")
            {
                Assert.Equal(before[i], after[i]);
            }
            else
            {
                Assert.NotEqual("C", after[i]);
            }
        }

        Assert.InRange(before.Count(p => p == "C"), 100, 300);
    }

    [Fact]
    public void ConsistentHash_selects_nobody_without_the_field_and_tells_kinds_apart()
    {
        var function = new ConsistentHashRoutingFunction("k");
        var views = Of(View("A"), View("B"), View("C"), View("D"), View("E"), View("F"), View("G"), View("H"));

        Assert.Null(function.Pick(views, new RoutingMessage()));
        Assert.Null(function.Pick(views, new RoutingMessage().With("k", FieldValue.Null)));
        Assert.NotNull(function.Pick(views, new RoutingMessage().With("k", FieldValue.Integer(7))));
    }

    private static RoutingMessage Message(string value) => new RoutingMessage().With("k", FieldValue.Text(value));
}
