using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// What a group's dispatch side keeps across a re-activation, on fake time: the hand-over from one
/// activation to the next, and the placeholders of an activation that starts without one.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HandOverTests
{
    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10), InFlightLeaseGrace = TimeSpan.FromSeconds(4) };

    private TimeSpan ClaimLifetime => options.AttemptTimeout + options.InFlightLeaseGrace;

    [Fact]
    public async Task The_next_activation_holds_the_message_ids_in_progress_for_their_owners_and_keeps_counting_their_attempts()
    {
        var before = Group();
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();
        var granted = Assert.IsType<Granted>(await before.Dispatcher.RouteAsync(Request(message, owner)));
        var waited = Assert.IsType<InProgress>(await before.Dispatcher.RouteAsync(Request(message, Guid.NewGuid())));

        var after = Group();
        after.Dispatcher.Restore(before.Dispatcher.Deactivate()!);

        Assert.Equal(1, InFlight(after, "a"));
        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = waited.Epoch }));
        Assert.Equal("b", Assert.IsType<Granted>(await after.Dispatcher.RouteAsync(Request(new RoutingMessage("other"), Guid.NewGuid()))).Consumer.Value);
        Assert.True(await after.Dispatcher.EndAsync(message.Id, owner, granted.Lease, Delivered(message, "a")));
        Assert.Equal(0, InFlight(after, "a"));
        Assert.IsType<Recorded>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid())));
    }

    [Fact]
    public async Task A_hand_over_read_after_its_claims_and_leases_expired_holds_nothing()
    {
        var before = Group();
        var message = new RoutingMessage("m");
        await before.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()));
        var handOver = before.Dispatcher.Deactivate()!;

        time.Advance(ClaimLifetime);
        var after = Group();
        after.Dispatcher.Restore(handOver);

        Assert.Equal(0, InFlight(after, "a"));
        Assert.IsType<Granted>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid())));
    }

    [Fact]
    public async Task Without_a_hand_over_a_repeat_that_waited_before_holds_the_id_until_the_first_dispatch_ends()
    {
        var (message, owner, epoch, after) = await LostActivationAsync();

        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));
        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));
        Assert.False(await after.Dispatcher.EndAsync(message.Id, owner, 0, Delivered(message, "a")));

        var replay = Assert.IsType<Recorded>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));
        Assert.Equal("a", replay.Record.Outcome!.DeliveredTo.Value);
    }

    [Fact]
    public async Task Without_a_hand_over_the_first_dispatch_routing_again_adopts_the_placeholder_a_repeat_left()
    {
        var (message, owner, epoch, after) = await LostActivationAsync();
        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));

        var rerouted = await after.Dispatcher.RouteAsync(Request(message, owner, call: 2) with { Excluded = [new ConsumerId("a")], Claimed = true });

        Assert.Equal("b", Assert.IsType<Granted>(rerouted).Consumer.Value);
        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));
    }

    [Fact]
    public async Task Without_a_hand_over_a_placeholder_whose_dispatch_never_reports_ends_after_a_claims_lifetime()
    {
        var (message, _, epoch, after) = await LostActivationAsync();
        Assert.IsType<InProgress>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));

        time.Advance(ClaimLifetime);
        after.Dispatcher.Sweep(null);

        Assert.IsType<Granted>(await after.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = epoch }));
    }

    [Fact]
    public async Task A_repeat_that_waited_at_this_activation_takes_the_id_over_at_once_when_its_owner_ended_without_a_record()
    {
        var group = Group();
        group.Dispatcher.Recover();
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();
        await group.Dispatcher.RouteAsync(Request(message, owner));
        var waited = Assert.IsType<InProgress>(await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid())));
        await group.Dispatcher.EndAsync(message.Id, owner, 0, null);

        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(message, Guid.NewGuid()) with { JoinedEpoch = waited.Epoch }));
    }

    [Fact]
    public async Task Routing_calls_past_the_batch_budget_are_deferred_untaken_and_ends_are_still_taken()
    {
        var group = Group();
        var owner = Guid.NewGuid();
        var first = new RoutingMessage("m1");
        var granted = Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(first, owner)));

        var answers = await group.Dispatcher.DecideAsync(
            [new RouteCall(Request(new RoutingMessage("m2"), Guid.NewGuid())), new EndCall(first.Id, owner, granted.Lease, null), new RouteCall(Request(new RoutingMessage("m3"), Guid.NewGuid()))],
            budget: TimeSpan.Zero);

        Assert.IsType<Granted>(answers[0]);
        Assert.Same(Ended.HeldIt, answers[1]);
        Assert.Same(Deferred.Instance, answers[2]);
        Assert.IsType<Granted>(await group.Dispatcher.RouteAsync(Request(new RoutingMessage("m3"), Guid.NewGuid())));
    }

    /// <summary>A dispatch of <c>m</c> delivering to a, a repeat told it is in progress, and then its group's activation lost: the next one recovers.</summary>
    private async Task<(RoutingMessage Message, Guid Owner, long Epoch, LocalGroup After)> LostActivationAsync()
    {
        var before = Group();
        var message = new RoutingMessage("m");
        var owner = Guid.NewGuid();
        Assert.Equal("a", Assert.IsType<Granted>(await before.Dispatcher.RouteAsync(Request(message, owner))).Consumer.Value);
        var waited = Assert.IsType<InProgress>(await before.Dispatcher.RouteAsync(Request(message, Guid.NewGuid())));
        var after = Group();
        after.Dispatcher.Recover();
        return (message, owner, waited.Epoch, after);
    }

    private static int InFlight(LocalGroup group, string consumer) => group.Consumers.Find(new ConsumerId(consumer))!.InFlight;

    private static OutcomeRecord Delivered(RoutingMessage message, string consumer) =>
        new(message.Id, message.ContentFingerprint(), new DispatchOutcome(message.Id, new ConsumerId(consumer), "first-available", []), null);

    private static RouteRequest Request(RoutingMessage message, Guid owner, int call = 1) =>
        new(message.WithoutPayload(), null, [], 0, message.ContentFingerprint(), owner, call, TestSilos.Elsewhere);

    private LocalGroup Group()
    {
        var group = new LocalGroup(options, time, "first-available");
        group.Add("a", new HeldConsumer(), maxInFlight: 1);
        group.Add("b", new HeldConsumer());
        return group;
    }
}
