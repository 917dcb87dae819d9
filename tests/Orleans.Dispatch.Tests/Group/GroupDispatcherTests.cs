using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>The group's dispatch side alone, without Orleans, on fake time: claims, idempotency, overload, ordering and dead silos.</summary>
[Trait("Category", "Unit")]
public sealed class GroupDispatcherTests
{
    private static readonly SiloAddress Frozen = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11), int.MaxValue);

    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10), InFlightLeaseGrace = TimeSpan.FromSeconds(4) };

    [Fact]
    public async Task A_routing_call_sent_again_gets_its_first_answer_and_no_second_lease()
    {
        var group = Group("a", "b");
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();

        var first = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, owner, 1)));
        var again = await group.Dispatcher.RouteAsync(Request(message, owner, 1));

        Assert.Same(first, again);
        Assert.Equal(1, group.Consumers.Ordered.Sum(c => c.InFlight));
    }

    [Fact]
    public async Task A_repeat_finds_the_message_id_in_progress_then_the_record_of_how_it_ended()
    {
        var group = Group("a");
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();
        var granted = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, owner, 1)));

        var whileRunning = await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid(), 1));
        var waiting = group.Dispatcher.AwaitOutcomeAsync(message.Id, TimeSpan.FromSeconds(1), _ => false);
        var outcome = new DispatchOutcome(message.Id, granted.Consumer, granted.Function, []);
        Assert.True(await group.Dispatcher.EndAsync(message.Id, owner, granted.Lease, new OutcomeRecord(message.Id, message.ContentFingerprint(), outcome, null)));
        var afterwards = await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid(), 1));
        var otherContent = await group.Dispatcher.RouteAsync(Request(message.With("x", FieldValue.Integer(1)), Guid.NewGuid(), 1));

        Assert.IsType<InProgress>(whileRunning);
        Assert.Same(outcome, (await waiting)?.Outcome);
        Assert.Equivalent(outcome, Assert.IsType<Recorded>(afterwards).Record.Outcome, strict: true);
        Assert.IsType<Conflict>(otherContent);
    }

    [Fact]
    public async Task A_failure_is_recorded_only_while_its_dispatch_holds_the_message_id()
    {
        var group = Group("a");
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();
        var granted = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, owner, 1)));

        // Its silo was frozen past the claim's lifetime: the claim expired, and another dispatch took the id.
        time.Advance(options.AttemptTimeout + options.InFlightLeaseGrace);
        group.Dispatcher.Sweep(null);
        var taker = Guid.NewGuid();
        var retaken = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, taker, 1)));
        var failure = new NoConsumerAvailableException(message.Id, "g", "slept", []);
        var held = await group.Dispatcher.EndAsync(message.Id, owner, granted.Lease, new OutcomeRecord(message.Id, message.ContentFingerprint(), null, failure));

        Assert.False(held);
        Assert.IsType<InProgress>(await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid(), 1)));
        Assert.True(await group.Dispatcher.EndAsync(message.Id, taker, retaken.Lease, null));
        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid(), 1)));
    }

    [Fact]
    public async Task A_failure_reported_with_no_claim_left_is_not_recorded_and_a_delivery_is()
    {
        var group = Group("a");
        var failed = new RoutingMessage("failed");
        var delivered = new RoutingMessage("delivered");
        var failure = new NoConsumerAvailableException(failed.Id, "g", "late", []);
        var outcome = new DispatchOutcome(delivered.Id, new ConsumerId("a"), "round-robin", []);

        Assert.False(await group.Dispatcher.EndAsync(failed.Id, Guid.NewGuid(), 0, new OutcomeRecord(failed.Id, failed.ContentFingerprint(), null, failure)));
        Assert.False(await group.Dispatcher.EndAsync(delivered.Id, Guid.NewGuid(), 0, new OutcomeRecord(delivered.Id, delivered.ContentFingerprint(), outcome, null)));

        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(failed, Guid.NewGuid(), 1)));
        Assert.Equivalent(outcome, Assert.IsType<Recorded>(await group.Dispatcher.RouteAsync(Request(delivered, Guid.NewGuid(), 1))).Record.Outcome, strict: true);
    }

    [Fact]
    public async Task A_repeat_waiting_for_a_dispatch_on_a_silo_declared_dead_takes_the_message_id_over_at_once()
    {
        var group = Group("a");
        var message = new RoutingMessage("m");
        await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid(), 1, Frozen));
        var repeat = Guid.NewGuid();
        Assert.IsType<InProgress>(await group.Dispatcher.RouteAsync(Request(message, repeat, 1)));

        var alive = group.Dispatcher.AwaitOutcomeAsync(message.Id, TimeSpan.Zero, _ => false);
        var dead = group.Dispatcher.AwaitOutcomeAsync(message.Id, TimeSpan.FromDays(1), silo => silo == Frozen);

        Assert.Null(await alive);
        Assert.True(dead.IsCompleted, "the repeat waited for a dispatch whose silo is dead");
        Assert.Null(await dead);
        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, repeat, 2)));
    }

    [Fact]
    public async Task The_sweep_ends_the_claims_of_dispatches_on_silos_declared_dead_and_keeps_the_others()
    {
        var group = Group("a", "b");
        var onDead = new RoutingMessage("on-dead");
        var onLive = new RoutingMessage("on-live");
        var liveOwner = Guid.NewGuid();
        await group.Dispatcher.RouteAsync(Request(onDead, Guid.NewGuid(), 1, Frozen));
        await group.Dispatcher.RouteAsync(Request(onLive, liveOwner, 1));

        group.Dispatcher.Sweep(silo => silo == Frozen);

        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(onDead, Guid.NewGuid(), 1)));
        Assert.IsType<InProgress>(await group.Dispatcher.RouteAsync(Request(onLive, Guid.NewGuid(), 1)));
    }

    [Fact]
    public async Task A_dispatch_refused_for_overload_frees_its_message_id_and_records_nothing()
    {
        options.MaxWaitingPerGroup = 1;
        var group = Group("a");
        group.Consumers.Find(new ConsumerId("a"))!.MaxInFlight = 1;
        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(new RoutingMessage("m1"), Guid.NewGuid(), 1)));
        Assert.IsType<Wait>(await group.Dispatcher.RouteAsync(Request(new RoutingMessage("m2"), Guid.NewGuid(), 1)));
        var refused = new RoutingMessage("m3");

        var overloaded = Assert.IsType<Overloaded>(await group.Dispatcher.RouteAsync(Request(refused, Guid.NewGuid(), 1)));
        var again = await group.Dispatcher.RouteAsync(Request(refused, Guid.NewGuid(), 1));

        Assert.Equal((1, 1), (overloaded.Waiting, overloaded.Limit));
        Assert.IsType<Overloaded>(again);
        Assert.Equal(1, group.Dispatcher.Waiting);
    }

    [Fact]
    public async Task Messages_of_one_key_go_one_at_a_time_in_the_order_the_group_received_them()
    {
        var group = Group("a", "b");
        group.Dispatcher.OrderBy("customer");
        RoutingMessage Of(string id) => new RoutingMessage(id).With("customer", FieldValue.Text("c-1"));
        var (first, second, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var head = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(Of("m1"), first, 1)));
        var held = await group.Dispatcher.RouteAsync(Request(Of("m2"), second, 1));
        var unrelated = await group.Dispatcher.RouteAsync(Request(new RoutingMessage("m3").With("customer", FieldValue.Text("c-2")), other, 1));
        var beforeTheHeadEnds = await group.Dispatcher.AwaitGrantAsync("m2", second, TimeSpan.Zero);
        await group.Dispatcher.EndAsync("m1", first, head.Lease, null);
        var next = await group.Dispatcher.AwaitGrantAsync("m2", second, TimeSpan.Zero);

        Assert.Equal(1, head.KeySequence);
        Assert.IsType<Wait>(held);
        Assert.Equal(1, Assert.IsType<Granted>(unrelated).KeySequence);
        Assert.IsType<Wait>(beforeTheHeadEnds);
        Assert.Equal(2, Assert.IsType<Granted>(next).KeySequence);
    }

    private LocalGroup Group(params string[] consumers)
    {
        var group = new LocalGroup(options, time);
        foreach (var id in consumers)
        {
            group.Add(id, new HeldConsumer());
        }

        return group;
    }

    private static RouteRequest Request(RoutingMessage message, Guid owner, int call, SiloAddress? silo = null) =>
        new(message.WithoutPayload(), null, [], 0, message.ContentFingerprint(), owner, call, silo ?? TestSilos.Elsewhere);
}
