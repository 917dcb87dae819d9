using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Property-based tests of the built-in routing functions and of the exclusion loop, over generated memberships and crashes.</summary>
[Trait("Category", "Unit")]
public sealed class RoutingProperties
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddDispatch().BuildServiceProvider();
    private static readonly RoutingFunctionRegistry Registry = Services.GetRequiredService<RoutingFunctionRegistry>();

    /// <summary>Functions that must never take a consumer past its MaxInFlight.</summary>
    private static readonly string[] CapacityAware = ["round-robin", "first-available", "least-loaded", "affinity:zone"];
    private static readonly string[] CapacityBlind = ["by-field:target", "consistent-hash:key"];

    /// <summary>A consumer: MaxInFlight, in flight already, tags, and whether it crashes.</summary>
    private sealed record Member(int MaxInFlight, int InFlight, string[] Tags, bool Crashes);

    private sealed record Case(Member[] Members, string Function, string? Zone, int Target, int Key, int MaxAttempts);

    private static readonly Gen<Member> GenMember =
        Gen.Int[1, 4].SelectMany(max => Gen.Select(Gen.Int[0, max], Gen.Bool, Gen.Bool, Gen.Int[0, 9], (inFlight, eu, us, crash) =>
            new Member(max, inFlight, [.. (eu ? new[] { "eu" } : []).Concat(us ? ["us"] : [])], crash < 4)));

    private static readonly Gen<Case> GenCase = Gen.Select(
        GenMember.Array[1, 12],
        Pick([.. CapacityAware, .. CapacityBlind]),
        Pick<string?>(["eu", "us", null]),
        Gen.Int[0, 14],
        Gen.Int[0, 50],
        Gen.Int[1, 15],
        (members, function, zone, target, key, attempts) => new Case(members, function, zone, target, key, attempts));

    private static Gen<T> Pick<T>(T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static (ConsumerTable Table, ScriptedConsumer[] Consumers) Build(Member[] members)
    {
        var table = new ConsumerTable();
        var consumers = members.Select(m => new ScriptedConsumer(m.Crashes)).ToArray();
        for (var i = 0; i < members.Length; i++)
        {
            var id = new ConsumerId($"c{i}");
            table.AddOrUpdate(id, consumers[i], members[i].MaxInFlight, members[i].Tags.Order(StringComparer.Ordinal).ToArray());
        }

        return (table, consumers);
    }

    private static RoutingMessage MessageFor(Case c)
    {
        var message = new RoutingMessage().With("key", FieldValue.Text($"k{c.Key}")).With("target", FieldValue.Text($"c{c.Target}"));
        return c.Zone is null ? message : message.With("zone", FieldValue.Text(c.Zone));
    }

    [Fact]
    public void Every_built_in_selects_a_candidate_or_nobody_and_the_capacity_aware_ones_only_with_capacity()
    {
        GenCase.Sample(c =>
        {
            var (table, _) = Build(c.Members);
            for (var i = 0; i < c.Members.Length; i++)
            {
                table.Find(new ConsumerId($"c{i}"))!.InFlight = c.Members[i].InFlight;
            }

            var views = table.Views([]);
            var decision = Registry.TryCreate(c.Function, out _)!.Route(MessageFor(c), views);
            if (decision.Consumer is not { } chosen)
            {
                return true;
            }

            var view = views.SingleOrDefault(v => v.Consumer == chosen);
            return view is not null && (!CapacityAware.Contains(c.Function) || view.HasCapacity);
        }, iter: 2000);
    }

    [Fact]
    public async Task The_dispatch_loop_delivers_only_to_a_member_that_did_not_crash_never_exceeds_capacity_and_ends_within_MaxAttempts()
    {
        await GenCase.SampleAsync(async c =>
        {
            // Nothing is released while a dispatch runs here, so waiting is off: a full group fails at once, as the model expects.
            var options = new DispatchOptions { MaxAttempts = c.MaxAttempts, AttemptTimeout = TimeSpan.FromSeconds(5), DispatchTimeout = TimeSpan.FromSeconds(20), MaxWaitingPerGroup = 0 };
            var group = new LocalGroup(options, TimeProvider.System, c.Function);
            var consumers = c.Members.Select(m => new ScriptedConsumer(m.Crashes)).ToArray();
            for (var i = 0; i < c.Members.Length; i++)
            {
                group.Add($"c{i}", consumers[i], c.Members[i].MaxInFlight, c.Members[i].Tags);

                // Attempts of other dispatches in flight, which this one never sees end.
                group.Consumers.Find(new ConsumerId($"c{i}"))!.InFlight = c.Members[i].InFlight;
            }

            var calls = 0;
            try
            {
                var outcome = await group.DispatchAsync(MessageFor(c));
                calls = consumers.Sum(x => x.Calls);
                var index = int.Parse(outcome.DeliveredTo.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.False(c.Members[index].Crashes, $"delivered to {outcome.DeliveredTo}, which crashes");
                Assert.DoesNotContain(outcome.DeliveredTo, outcome.ReroutedFrom);
                Assert.All(outcome.ReroutedFrom, id => Assert.True(c.Members[int.Parse(id.Value[1..], System.Globalization.CultureInfo.InvariantCulture)].Crashes));
                Assert.Equal(outcome.ReroutedFrom.Count, outcome.ReroutedFrom.Distinct().Count());
                Assert.Equal(outcome.ReroutedFrom.Count + 1, calls);
            }
            catch (DispatchExhaustedException exhausted)
            {
                calls = consumers.Sum(x => x.Calls);
                Assert.Equal(DispatchLimit.MaxAttempts, exhausted.Limit);
                Assert.Equal(c.MaxAttempts, exhausted.Crashes.Count);
            }
            catch (DispatchException failure) when (failure is NoConsumerAvailableException or UnknownConsumerSelectedException)
            {
                calls = consumers.Sum(x => x.Calls);
                Assert.All(failure.ReroutedFrom, id => Assert.True(c.Members[int.Parse(id.Value[1..], System.Globalization.CultureInfo.InvariantCulture)].Crashes));
            }

            Assert.InRange(calls, 0, c.MaxAttempts);
            if (CapacityAware.Contains(c.Function))
            {
                Assert.Empty(group.OverCapacity);
            }

            await group.SettledAsync();

            // Every lease this dispatch took was given back: only the others' attempts are still counted.
            Assert.All(c.Members.Select((m, i) => (m, group.Consumers.Find(new ConsumerId($"c{i}"))!)), pair => Assert.Equal(pair.m.InFlight, pair.Item2.InFlight));
            Assert.False(group.Dispatcher.HoldsAnything);
        }, iter: 500);
    }
}
