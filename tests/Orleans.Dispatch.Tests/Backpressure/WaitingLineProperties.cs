using Orleans.Dispatch.Tests.Support;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Hosting;

namespace Orleans.Dispatch.Tests.Backpressure;

/// <summary>The group's waiting line with its real router, over generated capacities, arrivals, releases and cancellations.</summary>
public sealed class WaitingLineProperties
{
    private static readonly RoutingFunctionRegistry Registry = new ServiceCollection().AddDispatch().BuildServiceProvider().GetRequiredService<RoutingFunctionRegistry>();

    /// <summary>One step: 0 a dispatch arrives, 1 an attempt ends (its lease released), 2 a waiter is cancelled; the number picks which.</summary>
    private sealed record Step(int Kind, int Pick);

    private sealed record Case(int[] Capacities, string Function, Step[] Steps);

    private static readonly Gen<Case> GenCase = Gen.Select(
        Gen.Int[1, 3].Array[1, 4],
        Gen.Int[0, 1].Select(i => i == 0 ? "first-available" : "least-loaded"),
        Gen.Select(Gen.Int[0, 9].Select(k => k < 5 ? 0 : k < 9 ? 1 : 2), Gen.Int[0, 1000], (kind, pick) => new Step(kind, pick)).Array[1, 60],
        (capacities, function, steps) => new Case(capacities, function, steps));

    [Fact]
    public async Task Capacity_is_never_exceeded_every_waiter_is_granted_or_cancelled_and_grants_follow_arrival_order()
    {
        await GenCase.SampleAsync(async c =>
        {
            var options = new DispatchOptions();
            var consumers = new ConsumerTable();
            for (var i = 0; i < c.Capacities.Length; i++)
            {
                consumers.AddOrUpdate(new ConsumerId($"c{i}"), new HeldConsumer().Grain, c.Capacities[i], []);
            }

            var leases = new LeaseTable();
            var router = new GroupRouter("g", consumers, leases, new GroupFunctions(Registry, options, TimeProvider.System, "model"), options, TimeProvider.System, NullLogger.Instance);
            var line = new WaitingLine(options.MaxWaitingPerGroup, TimeProvider.System);
            var held = new List<(long Lease, Guid Owner)>();
            var granted = new List<long>();
            var pending = new List<Waiter>();
            var entered = 0;
            var cancelled = 0;
            var arrivals = 0L;

            // A grant hands the waiter a consumer and a lease, which is then held like any other.
            void Collect()
            {
                foreach (var waiter in pending.Where(w => w.Granted.Task.IsCompleted).ToList())
                {
                    pending.Remove(waiter);
                    if (waiter.Granted.Task.Result is { Status: RouteStatus.Selected } grant)
                    {
                        granted.Add(waiter.Claim.Arrival);
                        held.Add((grant.Lease, waiter.Claim.Owner));
                    }
                }
            }

            foreach (var step in c.Steps)
            {
                switch (step.Kind)
                {
                    case 0:
                        var claim = new Claim(Guid.NewGuid(), TestSilos.Elsewhere, Guid.Empty, long.MaxValue, ++arrivals, 0);
                        var request = new RouteRequest(new RoutingMessage(), c.Function, [], 0, Guid.Empty, claim.Owner, 1, TestSilos.Elsewhere);
                        var result = await router.RouteAsync(request.Message, c.Function, [], claim.Owner);
                        if (result.Status == RouteStatus.Selected)
                        {
                            Assert.True(line.Count == 0, "a newcomer was served while others waited for the same consumers");
                            held.Add((result.Lease, claim.Owner));
                        }
                        else
                        {
                            Assert.Equal(RouteStatus.Waiting, result.Status);
                            claim.Waiting = new Waiter(claim, request, c.Function, 0);
                            line.Enter(claim.Waiting);
                            pending.Add(claim.Waiting);
                            entered++;
                        }

                        break;
                    case 1 when held.Count > 0:
                        var (lease, owner) = held[step.Pick % held.Count];
                        held.RemoveAll(h => h.Lease == lease);
                        Assert.True(leases.Release(lease, owner));
                        await router.ServeAsync(line);
                        Collect();
                        break;
                    case 2 when line.Count > 0:
                        var waiters = line.OldestFirst();
                        Assert.True(line.Answer(waiters[step.Pick % waiters.Length], RouteResult.NotWaiting(c.Function)));
                        cancelled++;
                        Collect();
                        break;
                }

                Assert.All(consumers.Ordered, e => Assert.InRange(e.InFlight, 0, e.MaxInFlight));
                Assert.True(line.Count == 0 || !consumers.AnyWithCapacity(), "a waiter was left waiting beside free capacity");
            }

            while (held.Count > 0)
            {
                var (lease, owner) = held[0];
                held.RemoveAt(0);
                leases.Release(lease, owner);
                await router.ServeAsync(line);
                Collect();
            }

            Assert.Equal(0, line.Count);
            Assert.Equal(entered, granted.Count + cancelled);
            Assert.Equal(granted.Order(), granted);
            Assert.Equal(0, leases.Count);
        }, iter: 300);
    }
}
