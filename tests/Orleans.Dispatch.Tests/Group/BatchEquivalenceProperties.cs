using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// A batch of calls is decided exactly as the same calls sent one at a time: two groups built
/// alike take one generated stream of routing calls (new, resent, repeats of ended ids), ends
/// (delivered, failed, cancelled) and waits for grants, one sent call by call and the other cut
/// into generated batches; every answer (leases compared by order of issue), every claim, lease,
/// waiting-line position, key number and idempotency answer must match.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BatchEquivalenceProperties
{
    /// <summary>What a step does (its kind) and which dispatch or key it picks.</summary>
    private sealed record Step(int Kind, int Pick, int Key);

    private sealed record Case(int[] Capacities, string Function, bool Ordered, int MaxWaiting, Step[] Steps, int[] BatchSizes);

    private static readonly Gen<Case> GenCase = Gen.Select(
        Gen.Int[1, 3].Array[1, 4],
        Gen.Int[0, 3].Select(i => new[] { "round-robin", "least-loaded", "first-available", "consistent-hash:key" }[i]),
        Gen.Bool,
        Gen.Int[0, 4],
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1000], Gen.Int[0, 3], (kind, pick, key) => new Step(kind, pick, key)).Array[1, 80],
        Gen.Int[1, 8].Array[1, 40],
        (capacities, function, ordered, maxWaiting, steps, sizes) => new Case(capacities, function, ordered, maxWaiting, steps, sizes));

    [Fact]
    public async Task Batched_decisions_equal_sequential_ones()
    {
        await GenCase.SampleAsync(async c =>
        {
            var alone = new Side(c);
            var batched = new Side(c);
            var stepIndex = 0;
            for (var b = 0; stepIndex < c.Steps.Length; b++)
            {
                var size = c.BatchSizes[b % c.BatchSizes.Length];
                var steps = c.Steps.Skip(stepIndex).Take(size).ToArray();
                stepIndex += steps.Length;

                // Both sides make the same calls from what they knew before the batch.
                var aloneCalls = steps.Select(alone.CallFor).OfType<GroupCall>().ToArray();
                var batchedCalls = steps.Select(batched.CallFor).OfType<GroupCall>().ToArray();
                var aloneAnswers = new List<RouteAnswer>();
                foreach (var call in aloneCalls)
                {
                    aloneAnswers.Add(call switch
                    {
                        RouteCall route => await alone.Dispatcher.RouteAsync(route.Request),
                        EndCall end => await alone.Dispatcher.EndAsync(end.MessageId, end.Owner, end.Lease, end.Record) ? Ended.HeldIt : Ended.DidNotHoldIt,
                        _ => throw new InvalidOperationException(call.ToString()),
                    });
                }

                var batchedAnswers = await batched.Dispatcher.DecideAsync(batchedCalls);
                Assert.Equal(aloneAnswers.Select(alone.Describe), batchedAnswers.Select(batched.Describe));
                alone.Learn(aloneCalls, [.. aloneAnswers]);
                batched.Learn(batchedCalls, batchedAnswers);
                await alone.PollGrantsAsync();
                await batched.PollGrantsAsync();
                Assert.Equal(alone.State(), batched.State());
            }
        }, iter: 300);
    }

    /// <summary>One of the two groups, and what its callers know: the dispatches in progress and how they stand.</summary>
    private sealed class Side
    {
        private readonly LocalGroup group;
        private readonly bool ordered;
        private readonly List<Dispatch> live = [];
        private readonly List<string> ended = [];
        private readonly Dictionary<long, int> leaseOrder = [];
        private int messages;

        public Side(Case c)
        {
            group = new LocalGroup(new DispatchOptions { MaxWaitingPerGroup = c.MaxWaiting }, new FakeTimeProvider(), c.Function);
            for (var i = 0; i < c.Capacities.Length; i++)
            {
                group.Add($"c{i}", new HeldConsumer(), c.Capacities[i]);
            }

            ordered = c.Ordered;
            if (ordered)
            {
                group.Dispatcher.OrderBy("key");
            }
        }

        public GroupDispatcher Dispatcher => group.Dispatcher;

        /// <summary>The call a step makes, or null when the step has nothing to act on now.</summary>
        public GroupCall? CallFor(Step step)
        {
            switch (step.Kind)
            {
                case <= 1:
                    var message = new RoutingMessage($"m{++messages}").With("key", FieldValue.Text($"k{step.Key}"));
                    var dispatch = new Dispatch(message, Guid.NewGuid());
                    live.Add(dispatch);
                    return dispatch.Next();
                case 2 when Pick(step, d => d.Sent is not null) is { } resent:
                    return new RouteCall(resent.Sent!);
                case 3 when Pick(step, d => d.Lease is not null) is { } granted:
                    live.Remove(granted);
                    ended.Add(granted.Message.Id);
                    var outcome = new DispatchOutcome(granted.Message.Id, new ConsumerId("c0"), "f", []);
                    return new EndCall(granted.Message.Id, granted.Owner, granted.Lease!.Value, new OutcomeRecord(granted.Message.Id, granted.Message.ContentFingerprint(), outcome, null));
                case 4 when Pick(step, d => d.Lease is not null) is { } failed:
                    live.Remove(failed);
                    ended.Add(failed.Message.Id);
                    var failure = new NoConsumerAvailableException(failed.Message.Id, "g", "generated", []);
                    return new EndCall(failed.Message.Id, failed.Owner, failed.Lease!.Value, new OutcomeRecord(failed.Message.Id, failed.Message.ContentFingerprint(), null, failure));
                case 5 when Pick(step, d => d.Sent is not null) is { } cancelled:
                    live.Remove(cancelled);
                    return new EndCall(cancelled.Message.Id, cancelled.Owner, cancelled.Lease ?? 0, null);
                case 6 when ended.Count > 0:
                    var id = ended[step.Pick % ended.Count];
                    var repeat = new Dispatch(new RoutingMessage(id).With("key", FieldValue.Text("repeat")), Guid.NewGuid());
                    return repeat.Next();
                default:
                    return null;
            }
        }

        /// <summary>What the callers learn from a batch's answers.</summary>
        public void Learn(GroupCall[] calls, RouteAnswer[] answers)
        {
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i] is RouteCall route && live.Find(d => d.Owner == route.Request.Owner) is { } dispatch)
                {
                    switch (answers[i])
                    {
                        case Granted granted:
                            dispatch.Lease = granted.Lease;
                            break;
                        case Wait:
                            dispatch.Waiting = true;
                            break;
                        default:
                            live.Remove(dispatch);
                            break;
                    }
                }
            }
        }

        /// <summary>Every waiting dispatch asks for its grant without waiting, as a caller would next.</summary>
        public async Task PollGrantsAsync()
        {
            foreach (var waiting in live.Where(d => d.Waiting).ToList())
            {
                var answer = await group.Dispatcher.AwaitGrantAsync(waiting.Message.Id, waiting.Owner, TimeSpan.Zero);
                waiting.Polled.Add(Describe(answer));
                switch (answer)
                {
                    case Granted granted:
                        waiting.Waiting = false;
                        waiting.Lease = granted.Lease;
                        break;
                    case Wait:
                        break;
                    default:
                        live.Remove(waiting);
                        break;
                }
            }
        }

        /// <summary>An answer as text, its lease replaced by the order in which the lease was first seen.</summary>
        public string Describe(RouteAnswer answer) => answer switch
        {
            Granted g => $"granted {g.Consumer} lease#{LeaseNumber(g.Lease)} key#{g.KeySequence}",
            Recorded r => $"recorded {r.Record.MessageId} {(r.Record.Outcome is null ? "failed" : "delivered")}",
            Ended e => $"ended held={e.Held}",
            var other => other.ToString(),
        };

        /// <summary>Consumers' in-flight counts, the line, the keys, and every answer a waiting dispatch got.</summary>
        public string State() =>
            $"{string.Join(",", group.Consumers.Ordered.Select(e => $"{e.Id}={e.InFlight}"))} waiting={group.Dispatcher.Waiting} " +
            $"keys={group.Dispatcher.Ordering.ActiveKeys}/{group.Dispatcher.Ordering.LongestQueue} " +
            $"polled=[{string.Join(";", live.Select(d => string.Join("|", d.Polled)))}]";

        private int LeaseNumber(long lease)
        {
            if (!leaseOrder.TryGetValue(lease, out var number))
            {
                leaseOrder[lease] = number = leaseOrder.Count;
            }

            return number;
        }

        private Dispatch? Pick(Step step, Func<Dispatch, bool> fits)
        {
            var candidates = live.Where(fits).ToList();
            return candidates.Count == 0 ? null : candidates[step.Pick % candidates.Count];
        }
    }

    private sealed class Dispatch(RoutingMessage message, Guid owner)
    {
        public RoutingMessage Message { get; } = message;

        public Guid Owner { get; } = owner;

        /// <summary>The routing call sent last (resending it gets its first answer).</summary>
        public RouteRequest? Sent { get; private set; }

        public long? Lease { get; set; }

        public bool Waiting { get; set; }

        public List<string> Polled { get; } = [];

        public RouteCall Next()
        {
            Sent = new RouteRequest(Message, null, [], 0, Message.ContentFingerprint(), Owner, 1, TestSilos.Elsewhere);
            return new RouteCall(Sent);
        }
    }
}
