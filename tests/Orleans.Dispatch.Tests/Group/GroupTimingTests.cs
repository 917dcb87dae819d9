using Orleans.Dispatch.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Hosting;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>How long the group's leases and message-id claims last, on fake time.</summary>
public sealed class GroupTimingTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddDispatch().BuildServiceProvider();
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { AttemptTimeout = TimeSpan.FromSeconds(10), InFlightLeaseGrace = TimeSpan.FromSeconds(4) };

    [Fact]
    public async Task A_lease_nobody_releases_expires_half_the_grace_after_the_attempt_timeout()
    {
        var consumers = new ConsumerTable();
        consumers.AddOrUpdate(new ConsumerId("a"), new HeldConsumer().Grain, 1, []);
        var leases = new LeaseTable();
        var router = new GroupRouter("g", consumers, leases, new GroupFunctions(Services.GetRequiredService<RoutingFunctionRegistry>(), options, time, "silo"), options, time, NullLogger.Instance);

        var route = await router.RouteAsync(new RoutingMessage(), "round-robin", []);
        time.Advance(options.AttemptTimeout + (options.InFlightLeaseGrace / 2) - OneTick);
        var early = leases.ReleaseExpired(time.GetTimestamp());
        time.Advance(OneTick);
        var due = leases.ReleaseExpired(time.GetTimestamp());

        Assert.Equal(RouteStatus.Selected, route.Status);
        Assert.Equal(0, early);
        Assert.Equal(1, due);
        Assert.Equal(0, consumers.Find(new ConsumerId("a"))!.InFlight);
    }

    [Fact]
    public async Task A_claim_whose_owner_stops_routing_expires_the_attempt_timeout_plus_the_grace_after_its_last_routing_call()
    {
        var ledger = new MessageLedger(options, time);
        var fingerprint = Guid.NewGuid();
        Guid owner = Guid.NewGuid(), repeat = Guid.NewGuid();
        var lifetime = options.AttemptTimeout + options.InFlightLeaseGrace;

        Assert.True(ledger.Claim("m", fingerprint, owner, 1, TestSilos.Elsewhere).IsOwned);
        var waiter = ledger.WaitAsync("m", TimeSpan.FromDays(1));
        time.Advance(lifetime / 2);
        Assert.True(ledger.Claim("m", fingerprint, owner, 2, TestSilos.Elsewhere).IsOwned);
        time.Advance(lifetime - OneTick);
        Assert.Empty(ledger.ExpireClaims());
        Assert.False(waiter.IsCompleted);
        Assert.Equal(RouteStatus.InProgress, ledger.Claim("m", fingerprint, repeat, 1, TestSilos.Elsewhere).Status);
        time.Advance(OneTick);
        Assert.Single(ledger.ExpireClaims());

        Assert.Null(await waiter);
        Assert.True(ledger.Claim("m", fingerprint, repeat, 1, TestSilos.Elsewhere).IsOwned);
    }
}
