using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;

namespace Orleans.Dispatch.Tests.Group;

[Trait("Category", "Unit")]
public sealed class OutcomeLogTests
{
    private static OutcomeRecord Delivered(string id) =>
        new(id, Guid.NewGuid(), new DispatchOutcome(id, new ConsumerId("A"), "round-robin", []), null);

    [Fact]
    public void A_record_is_found_within_its_lifetime_and_forgotten_after_it()
    {
        var log = new OutcomeLog(capacity: 10, lifetimeTicks: 100);
        var record = Delivered("m1");
        log.Record(record, now: 1_000);

        Assert.Same(record, log.Find("m1", now: 1_099));
        Assert.Null(log.Find("m1", now: 1_100));
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void Past_its_capacity_the_oldest_record_is_dropped_first()
    {
        var log = new OutcomeLog(capacity: 2, lifetimeTicks: 1_000);
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
        var log = new OutcomeLog(capacity: 10, lifetimeTicks: 1_000);
        var first = Delivered("m1");
        log.Record(first, 1);
        log.Record(Delivered("m1"), 2);

        Assert.Same(first, log.Find("m1", 3));
        Assert.Equal(1, log.Count);
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(10, 0)]
    public void A_zero_capacity_or_window_records_nothing(int capacity, long lifetime)
    {
        var log = new OutcomeLog(capacity, lifetime);
        log.Record(Delivered("m1"), 1);

        Assert.False(log.Enabled);
        Assert.Null(log.Find("m1", 1));
    }
}
