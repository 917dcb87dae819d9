using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Backpressure;

/// <summary>
/// The group's waiting line through the real group dispatcher, over generated capacities,
/// arrivals, completions and cancellations: capacity is never exceeded, nobody waits beside free
/// capacity, every waiter is granted or cancelled, grants follow arrival order, no lease is left.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WaitingLineProperties
{
    /// <summary>One step: 0 a dispatch arrives, 1 an attempt ends (delivered: its lease released), 2 a waiter is cancelled; the number picks which.</summary>
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
            var group = new LocalGroup(new DispatchOptions(), new FakeTimeProvider(), c.Function);
            for (var i = 0; i < c.Capacities.Length; i++)
            {
                group.Add($"c{i}", new HeldConsumer(), c.Capacities[i]);
            }

            var dispatcher = group.Dispatcher;
            var held = new List<(string Id, Guid Owner, long Lease)>();
            var waiting = new List<(string Id, Guid Owner, int Arrival)>();
            var granted = new List<int>();
            var (entered, cancelled, arrivals) = (0, 0, 0);

            // A waiter asks for its grant without waiting (a zero slice): granted, still waiting, or gone.
            async Task CollectAsync()
            {
                foreach (var waiter in waiting.ToList())
                {
                    var answer = await dispatcher.AwaitGrantAsync(waiter.Id, waiter.Owner, TimeSpan.Zero);
                    if (answer is Granted grant)
                    {
                        waiting.Remove(waiter);
                        granted.Add(waiter.Arrival);
                        held.Add((waiter.Id, waiter.Owner, grant.Lease));
                    }
                }
            }

            foreach (var step in c.Steps)
            {
                switch (step.Kind)
                {
                    case 0:
                        var message = new RoutingMessage($"m{++arrivals}");
                        var owner = Guid.NewGuid();
                        var answer = await dispatcher.RouteAsync(new RouteRequest(message, null, [], 0, message.ContentFingerprint(), owner, 1, TestSilos.Elsewhere));
                        if (answer is Granted grant)
                        {
                            Assert.True(waiting.Count == 0, "a newcomer was served while others waited for the same consumers");
                            held.Add((message.Id, owner, grant.Lease));
                        }
                        else
                        {
                            Assert.IsType<Wait>(answer);
                            waiting.Add((message.Id, owner, arrivals));
                            entered++;
                        }

                        break;
                    case 1 when held.Count > 0:
                        var done = held[step.Pick % held.Count];
                        held.Remove(done);
                        Assert.True(await dispatcher.EndAsync(done.Id, done.Owner, done.Lease, null));
                        await CollectAsync();
                        break;
                    case 2 when waiting.Count > 0:
                        var gone = waiting[step.Pick % waiting.Count];
                        waiting.Remove(gone);
                        Assert.True(await dispatcher.EndAsync(gone.Id, gone.Owner, 0, null));
                        Assert.IsType<RouteAgain>(await dispatcher.AwaitGrantAsync(gone.Id, gone.Owner, TimeSpan.Zero));
                        cancelled++;
                        await CollectAsync();
                        break;
                }

                Assert.All(group.Consumers.Ordered, e => Assert.InRange(e.InFlight, 0, e.MaxInFlight));
                Assert.True(dispatcher.Waiting == 0 || !group.Consumers.AnyWithCapacity(), "a waiter was left waiting beside free capacity");
            }

            while (held.Count > 0)
            {
                var done = held[0];
                held.RemoveAt(0);
                await dispatcher.EndAsync(done.Id, done.Owner, done.Lease, null);
                await CollectAsync();
            }

            Assert.Equal(0, dispatcher.Waiting);
            Assert.Equal(entered, granted.Count + cancelled);
            Assert.Equal(granted.Order(), granted);
            Assert.All(group.Consumers.Ordered, e => Assert.Equal(0, e.InFlight));
            Assert.False(dispatcher.HoldsAnything);
        }, iter: 300);
    }
}
