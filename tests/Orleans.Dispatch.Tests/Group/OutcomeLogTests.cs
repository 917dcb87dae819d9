using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;

namespace Orleans.Dispatch.Tests.Group;

[Trait("Category", "Unit")]
public sealed class OutcomeLogTests
{
    private static long Records(int count) => (long)count * OutcomeLog.RecordBytes;

    private static OutcomeRecord Delivered(string id) =>
        new(id, Guid.NewGuid(), new DispatchOutcome(id, new ConsumerId("A"), "round-robin", []), null);

    /// <summary>Compares every public property, so one added to the outcome later is compared too.</summary>
    private static void AssertEquivalent(OutcomeRecord expected, OutcomeRecord? actual) => Assert.Equivalent(expected, actual, strict: true);

    [Fact]
    public void A_delivery_at_the_first_try_comes_back_equal_in_every_property()
    {
        var log = new OutcomeLog(Records(100), lifetimeTicks: 1_000);
        var keyed = new OutcomeRecord("k1", Guid.NewGuid(), new DispatchOutcome("k1", new ConsumerId("B"), "by-key", []) { WaitedFor = TimeSpan.FromMilliseconds(3), KeySequence = 7 }, null);
        var waitedNot = Delivered("m1");
        log.Record(keyed, 1);
        log.Record(waitedNot, 1);

        AssertEquivalent(keyed, log.Find("k1", 2));
        AssertEquivalent(waitedNot, log.Find("m1", 2));
    }

    [Fact]
    public void A_rerouted_delivery_or_a_failure_is_kept_as_it_was()
    {
        var log = new OutcomeLog(Records(100), lifetimeTicks: 1_000);
        var crash = new RerouteTiming(new ConsumerId("A"), "boom", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMilliseconds(1), TimeSpan.FromMilliseconds(1));
        var rerouted = new OutcomeRecord("m1", Guid.NewGuid(), new DispatchOutcome("m1", new ConsumerId("B"), "round-robin", [crash]), null);
        var failed = new OutcomeRecord("m2", Guid.NewGuid(), null, new NoConsumerAvailableException("m2", "g", "no consumers", []));
        log.Record(rerouted, 1);
        log.Record(failed, 1);

        Assert.Same(rerouted, log.Find("m1", 2));
        Assert.Same(failed, log.Find("m2", 2));
    }

    [Theory]
    [InlineData("0190f3c2-7a1b-7c3d-8e4f-123456789abc")]
    [InlineData("an-id-of-exactly-forty-characters-000001")]
    [InlineData("an-id-of-forty-one-characters-as-a-string")]
    [InlineData("commande-n°-42")]
    [InlineData("")]
    public void Ids_of_any_length_and_alphabet_are_found_forgotten_and_dropped(string id)
    {
        var log = new OutcomeLog(Records(2), lifetimeTicks: 1_000);
        var record = Delivered(id);
        log.Record(record, 1);

        AssertEquivalent(record, log.Find(string.Concat(id.AsSpan(), string.Empty), 2));
        Assert.Null(log.Find(id + "x", 2));
        Assert.Null(log.Find(id.Length == 0 ? " " : id[..^1], 2));
        log.Forget(id);
        Assert.Null(log.Find(id, 2));

        log.Record(record, 3);
        log.Record(Delivered("other-1"), 4);
        log.Record(Delivered("other-2"), 5);
        Assert.Null(log.Find(id, 6));
    }

    [Fact]
    public void Equal_consumer_ids_and_function_names_of_many_records_are_kept_once()
    {
        var log = new OutcomeLog(Records(10), lifetimeTicks: 1_000);
        log.Record(Delivered("m1"), 1);
        log.Record(Delivered("m2"), 1);

        var otherFunction = new OutcomeRecord("m3", Guid.NewGuid(), new DispatchOutcome("m3", new ConsumerId("A"), "by-key", []), null);
        log.Record(otherFunction, 1);

        var (first, second) = (log.Find("m1", 2)!.Outcome!, log.Find("m2", 2)!.Outcome!);
        Assert.Same(first.DeliveredTo, second.DeliveredTo);
        Assert.Same(first.RoutingFunction, second.RoutingFunction);
        AssertEquivalent(otherFunction, log.Find("m3", 2));
        Assert.Equal("round-robin", log.Find("m1", 2)!.Outcome!.RoutingFunction);
    }

    [Fact]
    public void A_message_id_forgotten_and_recorded_again_outlives_the_ring_place_of_its_first_record()
    {
        var log = new OutcomeLog(Records(10), lifetimeTicks: 100);
        log.Record(Delivered("m1"), 1);
        log.Forget("m1");
        var again = Delivered("m1");
        log.Record(again, 50);

        AssertEquivalent(again, log.Find("m1", 120));
        Assert.Null(log.Find("m1", 150));
    }

    [Fact]
    public void A_record_is_found_within_its_lifetime_and_forgotten_after_it()
    {
        var log = new OutcomeLog(Records(10), lifetimeTicks: 100);
        var record = Delivered("m1");
        log.Record(record, now: 1_000);

        AssertEquivalent(record, log.Find("m1", now: 1_099));
        Assert.Null(log.Find("m1", now: 1_100));
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void Past_its_memory_bound_the_oldest_record_is_dropped_first()
    {
        var log = new OutcomeLog(Records(2), lifetimeTicks: 1_000);
        log.Record(Delivered("m1"), 1);
        log.Record(Delivered("m2"), 2);
        log.Record(Delivered("m3"), 3);

        Assert.Null(log.Find("m1", 4));
        Assert.NotNull(log.Find("m2", 4));
        Assert.NotNull(log.Find("m3", 4));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void The_first_record_of_a_message_id_is_kept()
    {
        var log = new OutcomeLog(Records(10), lifetimeTicks: 1_000);
        var first = Delivered("m1");
        log.Record(first, 1);
        log.Record(Delivered("m1"), 2);

        AssertEquivalent(first, log.Find("m1", 3));
        Assert.Equal(1, log.Count);
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(10, 0)]
    [InlineData(OutcomeLog.RecordBytes - 1, 1_000)]
    public void A_bound_too_small_for_a_record_or_a_zero_window_records_nothing(long memoryLimit, long lifetime)
    {
        var log = new OutcomeLog(memoryLimit, lifetime);
        log.Record(Delivered("m1"), 1);

        Assert.False(log.Enabled);
        Assert.Null(log.Find("m1", 1));
    }

    [Fact]
    public void A_record_dropped_for_the_bound_while_younger_than_the_window_is_counted_and_shortens_how_far_back_the_log_remembers()
    {
        var log = new OutcomeLog(Records(2), lifetimeTicks: 1_000);
        Assert.Equal(0, log.Record(Delivered("m1"), 100));
        Assert.Equal(0, log.Record(Delivered("m2"), 200));
        Assert.Equal(1_000, log.HeldTicks(300));

        Assert.Equal(1, log.Record(Delivered("m3"), 300));

        Assert.Equal(1, log.DroppedEarly);
        Assert.Equal(100, log.HeldTicks(300));
        Assert.Equal(600, log.HeldTicks(800));

        // A window with no early drop: the log remembers the whole window again.
        Assert.Equal(1_000, log.HeldTicks(1_300));
    }

    [Fact]
    public void A_record_kept_whole_counts_its_objects_against_the_bound()
    {
        var log = new OutcomeLog(Records(3), lifetimeTicks: 1_000);
        log.Record(Delivered("m1"), 1);
        log.Record(Delivered("m2"), 1);
        Assert.Equal(Records(2), log.Bytes);

        var failed = new OutcomeRecord("m3", Guid.NewGuid(), null, new NoConsumerAvailableException("m3", "g", "no consumers", []));
        Assert.Equal(2, log.Record(failed, 2));

        Assert.Equal(1, log.Count);
        Assert.Equal(OutcomeLog.RecordBytes + OutcomeLog.WholeRecordBytes, log.Bytes);
        Assert.Same(failed, log.Find("m3", 3));
    }

    [Fact]
    public void Places_of_forgotten_records_are_closed_up_before_a_record_is_dropped()
    {
        var log = new OutcomeLog(Records(4), lifetimeTicks: 1_000);
        foreach (var id in new[] { "m1", "m2", "m3", "m4" })
        {
            log.Record(Delivered(id), 1);
        }

        log.Forget("m2");
        Assert.Equal(0, log.Record(Delivered("m5"), 2));

        Assert.Equal(4, log.Count);
        Assert.NotNull(log.Find("m1", 3));
        Assert.Null(log.Find("m2", 3));
        Assert.NotNull(log.Find("m5", 3));
    }
}
