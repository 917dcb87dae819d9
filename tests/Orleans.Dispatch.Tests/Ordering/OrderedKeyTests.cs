using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Ordering;

/// <summary>Ordered keys: one message per key at a time, in the order the group received them, parallel across keys.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class OrderedKeyTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);
    private readonly ConcurrentDictionary<string, (long Start, long End)> attempts = new(StringComparer.Ordinal);

    private static RoutingMessage Message(string key, int n) => new RoutingMessage($"{key}-{n}").With("key", FieldValue.Text(key));

    /// <summary>A consumer that takes a few milliseconds and notes when it held each acknowledged message.</summary>
    private ConsumerBehavior Timed(ConsumerBehavior? before = null) => async call =>
    {
        var start = Stopwatch.GetTimestamp();
        if (before is not null)
        {
            await before(call);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(3), call.Token);
        attempts[call.Message.Id] = (start, Stopwatch.GetTimestamp());
    };

    [Fact]
    public async Task Each_key_goes_one_at_a_time_in_sequence_without_gaps_while_keys_overlap()
    {
        foreach (var id in new[] { "A", "B", "C", "D" })
        {
            await scenario.AddAsync(id, Timed());
        }

        await scenario.UseAsync("round-robin");
        await scenario.GroupGrain.SetOrderingKey("key");
        var keys = Enumerable.Range(0, 20).Select(k => $"k{k:D2}").ToArray();

        // Four client tasks, each sending its share of every key's messages one after another without waiting.
        var outcomes = (await Task.WhenAll(Enumerable.Range(0, 4).Select(task => Task.Run(async () =>
        {
            var sent = new List<Task<DispatchOutcome>>();
            for (var n = task; n < 30; n += 4)
            {
                sent.AddRange(keys.Select(key => scenario.DispatchAsync(Message(key, n))));
            }

            return await Task.WhenAll(sent);
        })))).SelectMany(o => o).ToList();

        Assert.Equal(600, outcomes.Count);
        foreach (var key in keys)
        {
            var ofKey = outcomes.Where(o => o.MessageId.StartsWith(key + "-", StringComparison.Ordinal)).OrderBy(o => o.KeySequence).ToList();
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long?)i), ofKey.Select(o => o.KeySequence));
            for (var i = 1; i < ofKey.Count; i++)
            {
                Assert.True(attempts[ofKey[i - 1].MessageId].End <= attempts[ofKey[i].MessageId].Start, $"{ofKey[i].MessageId} started before {ofKey[i - 1].MessageId} ended");
            }
        }

        var spans = keys.Select(key => (Start: attempts.Where(a => a.Key.StartsWith(key + "-", StringComparison.Ordinal)).Min(a => a.Value.Start), End: attempts.Where(a => a.Key.StartsWith(key + "-", StringComparison.Ordinal)).Max(a => a.Value.End))).ToList();
        Assert.Contains(spans, a => spans.Any(b => a != b && a.Start < b.End && b.Start < a.End));
        var snapshot = await scenario.GroupGrain.GetSnapshot();
        Assert.Equal("key", snapshot.OrderingKey);
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()) is { ActiveKeys: 0, Waiting: 0 }, what: "every key idle");
    }

    [Fact]
    public async Task A_crash_reroutes_the_head_while_its_key_waits_and_other_keys_go_on()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", call => call.Message.Id == "K-2" ? gate.Behavior(call) : Task.CompletedTask);
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        await scenario.GroupGrain.SetOrderingKey("key");

        await scenario.DispatchAsync(Message("K", 1));
        var head = scenario.DispatchAsync(Message("K", 2));
        await gate.ArrivedAsync();
        var third = scenario.DispatchAsync(Message("K", 3));
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).LongestKeyQueue == 2, what: "K-3 held behind K-2");
        var fourth = scenario.DispatchAsync(Message("K", 4));
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).LongestKeyQueue == 3, what: "K-4 held behind K-3");
        var behind = new[] { third, fourth };
        var others = await Task.WhenAll(Enumerable.Range(1, 5).Select(n => scenario.DispatchAsync(Message("O", n)))).WaitAsync(TestSettings.Patience);
        Assert.All(behind, t => Assert.False(t.IsCompleted));
        Assert.DoesNotContain(scenario.ReceivedBy("A").Concat(scenario.ReceivedBy("B")), m => m.Id is "K-3" or "K-4");
        gate.OpenWithFailure();
        var rerouted = await head.WaitAsync(TestSettings.Patience);
        var later = await Task.WhenAll(behind).WaitAsync(TestSettings.Patience);

        Assert.Equal("B", rerouted.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], rerouted.ReroutedFrom);
        Assert.Equal(2, rerouted.KeySequence);
        Assert.Equal([3L, 4L], later.Select(o => o.KeySequence!.Value));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long?)i), others.Select(o => o.KeySequence).Order());
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_and_its_key_moves_on()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", call => call.Message.Id == "P-2" ? gate.Behavior(call) : Task.CompletedTask);
        await scenario.AddAsync("B", call => call.Message.Id == "P-2" ? Task.FromException(new InvalidOperationException("poison")) : Task.CompletedTask);
        await scenario.UseAsync("first-available");
        await scenario.GroupGrain.SetOrderingKey("key");

        Assert.Equal(1, (await scenario.DispatchAsync(Message("P", 1))).KeySequence);
        var poison = scenario.DispatchAsync(Message("P", 2));
        await gate.ArrivedAsync();
        var after = scenario.DispatchAsync(Message("P", 3));
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).LongestKeyQueue == 2, what: "P-3 held behind P-2");
        gate.OpenWithFailure();

        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => poison);
        Assert.Equal(3, (await after.WaitAsync(TestSettings.Patience)).KeySequence);
        var letter = await Eventually.ValueAsync(async () => await scenario.DeadLetters.List(), l => l.Count == 1, "the poison message kept");
        Assert.Equal("P-2", letter[0].Message.Id);
    }

    [Fact]
    public async Task Turning_ordering_off_and_on_while_dispatching_loses_nothing()
    {
        await scenario.AddAsync("A", Timed());
        await scenario.AddAsync("B", Timed());
        await scenario.GroupGrain.SetOrderingKey("key");

        var dispatches = Enumerable.Range(0, 200).Select(n => scenario.DispatchAsync(Message($"t{n % 10}", n))).ToList();
        for (var i = 0; i < 6; i++)
        {
            await scenario.GroupGrain.SetOrderingKey(i % 2 == 0 ? null : "key");
        }

        var outcomes = await Task.WhenAll(dispatches).WaitAsync(TestSettings.Patience);

        Assert.Equal(200, outcomes.Select(o => o.MessageId).Distinct().Count());
        Assert.Equal(200, scenario.ReceivedBy("A").Count + scenario.ReceivedBy("B").Count);
        Assert.Equal("key", (await scenario.GroupGrain.GetSnapshot()).OrderingKey);
        Assert.Equal(0, (await scenario.GroupGrain.GetSnapshot()).Waiting);
    }

    [Fact]
    public async Task An_invalid_ordering_field_is_rejected_and_changes_nothing()
    {
        await scenario.GroupGrain.SetOrderingKey("key");

        await Assert.ThrowsAsync<ArgumentException>(() => scenario.GroupGrain.SetOrderingKey(" "));

        Assert.Equal("key", (await scenario.GroupGrain.GetSnapshot()).OrderingKey);
    }
}
