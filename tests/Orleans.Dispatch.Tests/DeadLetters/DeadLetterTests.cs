using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Functions;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.DeadLetters;

/// <summary>Undeliverable messages are kept per group, bounded by count and bytes, and can be listed, re-dispatched and purged.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class DeadLetterTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private async Task FailAsync(int count, int payloadBytes = 4)
    {
        for (var i = 0; i < count; i++)
        {
            var message = new RoutingMessage($"m{i:D4}").With("n", FieldValue.Integer(i)).WithPayload(new byte[payloadBytes]);
            await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(message));
        }
    }

    private async Task<IReadOnlyList<DeadLetter>> KeptAsync(int expected)
    {
        IReadOnlyList<DeadLetter> letters = [];
        await Eventually.HoldsAsync(async () => (letters = await scenario.DeadLetters.List(1000)).Count == expected, what: $"{expected} dead letters kept");
        return letters;
    }

    [Fact]
    public async Task Undeliverable_messages_are_kept_in_partitions_listed_oldest_first_and_redispatched_once_a_consumer_is_there()
    {
        await scenario.UseAsync("round-robin");
        await FailAsync(150);

        var letters = await KeptAsync(150);

        // Oldest first: in the order the store kept them (failures from two silos' dispatchers may arrive out of order).
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), letters.Select(l => l.Sequence));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"m{i:D4}"), letters.Select(l => l.Message.Id).Order(StringComparer.Ordinal));
        Assert.All(letters, l => Assert.Equal(nameof(NoConsumerAvailableException), l.Failure));
        Assert.Contains("no consumers", letters[0].Reason, StringComparison.Ordinal);
        var sizes = await PartitionSizesAsync(3);
        Assert.Equal(new[] { 64, 64, 22 }, sizes);
        Assert.Equal(150, await scenario.DeadLetters.Count());
        // Newest first, across the partition boundary.
        Assert.Equal(Enumerable.Range(81, 70).Reverse().Select(i => (long)i), (await scenario.DeadLetters.ListNewest(70)).Select(l => l.Sequence));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scenario.DeadLetters.ListNewest(0));

        await scenario.AddAsync("A");
        var redispatch = await scenario.DeadLetters.Redispatch(1000);

        Assert.Equal(new DeadLetterRedispatch(150, 150, 0, 0), redispatch);
        Assert.Empty(await scenario.DeadLetters.List());
        Assert.Equal(0, await scenario.DeadLetters.Count());
        var received = scenario.ReceivedBy("A");
        Assert.Equal(letters.Select(l => l.Message.Id).Order(StringComparer.Ordinal), received.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(received, m => Assert.Equal(letters.Single(l => l.Message.Id == m.Id).Message, m));
    }

    [Fact]
    public async Task Past_the_count_bound_the_oldest_are_dropped()
    {
        await FailAsync(TestSettings.DeadLetterCapacity + 10);

        var kept = TestSettings.DeadLetterCapacity + 10;
        var letters = await Eventually.ValueAsync(async () => await scenario.DeadLetters.List(1000), l => l.Count > 0 && l[^1].Sequence == kept, "every dead letter kept");

        Assert.Equal(TestSettings.DeadLetterCapacity, letters.Count);
        Assert.Equal(Enumerable.Range(11, TestSettings.DeadLetterCapacity).Select(i => (long)i), letters.Select(l => l.Sequence));
    }

    [Fact]
    public async Task Past_the_byte_bound_the_oldest_are_dropped()
    {
        const int payload = 40 * 1024;
        await FailAsync(10, payload);

        var letters = await Eventually.ValueAsync(async () => await scenario.DeadLetters.List(1000), l => l.Count > 0 && l[^1].Sequence == 10, "every dead letter kept");

        var fit = (int)(TestSettings.DeadLetterMaxBytes / payload);
        Assert.Equal(fit, letters.Count);
        Assert.True(letters.Sum(l => l.Size) <= TestSettings.DeadLetterMaxBytes);
        Assert.Equal(Enumerable.Range(11 - fit, fit).Select(i => (long)i), letters.Select(l => l.Sequence));
    }

    [Fact]
    public async Task A_message_that_fails_again_when_redispatched_is_kept_again_and_purge_deletes_them_all()
    {
        await FailAsync(3);
        await KeptAsync(3);

        var redispatch = await scenario.DeadLetters.Redispatch(2);

        Assert.Equal(new DeadLetterRedispatch(2, 0, 2, 0), redispatch);
        var kept = await KeptAsync(3);
        Assert.Equal(3, kept.Select(l => l.Message.Id).Distinct().Count());
        Assert.Equal(2, kept.Count(l => l.Sequence > 3));
        Assert.Equal(3, await scenario.DeadLetters.Purge());
        Assert.Empty(await scenario.DeadLetters.List());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scenario.DeadLetters.List(0));
    }

    [Fact]
    public async Task A_letter_whose_redispatch_ends_without_delivery_or_a_kept_failure_stays_in_the_store()
    {
        await scenario.UseAsync(ScriptedRoutingFunction.Name);
        foreach (var (id, script) in new[] { ("m0", "first"), ("m1", "throw"), ("m2", "first") })
        {
            await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage(id).With("script", FieldValue.Text(script))));
        }

        var before = await KeptAsync(3);
        await scenario.AddAsync("A");

        var redispatch = await scenario.DeadLetters.Redispatch(10);

        Assert.Equal(new DeadLetterRedispatch(3, 2, 0, 1), redispatch);
        var left = Assert.Single(await scenario.DeadLetters.List());
        Assert.Equal(before.Single(l => l.Message.Id == "m1"), left);
        Assert.Equal(["m0", "m2"], scenario.ReceivedBy("A").Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_letter_the_store_cannot_keep_is_counted_as_lost()
    {
        using var lost = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.dead_letters.lost");
        var store = fixture.Client.GetGrain<IDeadLetterStoreGrain>(scenario.Group);
        var partition = fixture.Client.GetGrain<IDeadLetterPartitionGrain>($"{scenario.Group}/0");
        var fault = StorageFault.FailBeforeStoring();
        FaultyGrainStorage.Arm(partition, fault);

        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("unkept")));
        await fault.Reached.Task.WaitAsync(TestSettings.Patience);
        await Eventually.HoldsAsync(() => Task.FromResult(lost.Where(DispatchTelemetry.GroupTag, scenario.Group).Sum(m => m.Value) == 1), what: "the lost letter counted");
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("kept")));

        var letters = await Eventually.ValueAsync(async () => await scenario.DeadLetters.List(10), l => l.Count > 0, "a letter kept");
        Assert.Equal(["kept"], letters.Select(l => l.Message.Id));
        Assert.Single(await store.List(10));
    }

    [Fact]
    public async Task A_delivered_or_repeated_message_is_not_a_dead_letter()
    {
        await scenario.AddAsync("A");
        await scenario.DispatchAsync(new RoutingMessage("ok"));
        await scenario.GroupGrain.RemoveConsumer(new ConsumerId("A"));
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("lost")));
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("lost")));

        var letters = await KeptAsync(1);

        Assert.Equal("lost", Assert.Single(letters).Message.Id);
    }

    private async Task<int[]> PartitionSizesAsync(int partitions)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName);
        var sizes = new int[partitions];
        for (var i = 0; i < partitions; i++)
        {
            var state = new GrainState<DeadLetterPartitionState>(new DeadLetterPartitionState());
            await storage.ReadStateAsync("deadletters", fixture.Client.GetGrain<IDeadLetterPartitionGrain>($"{scenario.Group}/{i}").GetGrainId(), state);
            sizes[i] = state.State?.Letters.Count ?? 0;
        }

        return sizes;
    }
}
