using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>How long the group's leases and message-id claims last, on fake time.</summary>
[Trait("Category", "Unit")]
public sealed class GroupTimingTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10), InFlightLeaseGrace = TimeSpan.FromSeconds(4) };

    [Fact]
    public async Task A_lease_nobody_releases_expires_half_the_grace_after_the_attempt_timeout()
    {
        var group = new LocalGroup(options, time);
        group.Add("a", new HeldConsumer(), maxInFlight: 1);
        var a = group.Consumers.Find(new ConsumerId("a"))!;
        var message = new RoutingMessage();

        var route = await group.Dispatcher.RouteAsync(new RouteRequest(message, null, [], 0, message.ContentFingerprint(), Guid.NewGuid(), 1, TestSilos.Elsewhere));
        time.Advance(options.AttemptTimeout + (options.InFlightLeaseGrace / 2) - OneTick);
        group.Dispatcher.Sweep(null);
        var early = a.InFlight;
        time.Advance(OneTick);
        group.Dispatcher.Sweep(null);

        Assert.IsType<Granted>(route);
        Assert.Equal(1, early);
        Assert.Equal(0, a.InFlight);
    }

    [Fact]
    public async Task A_claim_whose_owner_stops_routing_expires_the_attempt_timeout_plus_the_grace_after_its_last_routing_call()
    {
        var ledger = new MessageLedger(options, time);
        var fingerprint = Guid.NewGuid();
        Guid owner = Guid.NewGuid(), repeat = Guid.NewGuid();
        var lifetime = options.AttemptTimeout + options.InFlightLeaseGrace;

        Assert.NotNull(ledger.Claim("m", fingerprint, owner, 1, TestSilos.Elsewhere).Claim);
        var waiter = ledger.WaitAsync("m", TimeSpan.FromDays(1));
        time.Advance(lifetime / 2);
        Assert.NotNull(ledger.Claim("m", fingerprint, owner, 2, TestSilos.Elsewhere).Claim);
        time.Advance(lifetime - OneTick);
        Assert.Empty(ledger.ExpireClaims());
        Assert.False(waiter.IsCompleted);
        Assert.IsType<InProgress>(ledger.Claim("m", fingerprint, repeat, 1, TestSilos.Elsewhere).NotOwned);
        time.Advance(OneTick);
        Assert.Single(ledger.ExpireClaims());

        Assert.Null(await waiter);
        Assert.NotNull(ledger.Claim("m", fingerprint, repeat, 1, TestSilos.Elsewhere).Claim);
    }
}
