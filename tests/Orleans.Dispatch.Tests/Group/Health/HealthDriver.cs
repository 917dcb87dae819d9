using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Group.Health;

/// <summary>Drives a group's dispatch side as its dispatches would, one call at a time on fake time: grants, crashes reported with the next routing call, deliveries reported with the end.</summary>
internal sealed class HealthDriver
{
    private int next;

    public HealthDriver(FakeTimeProvider time, DispatchOptions options, string function, params string[] consumers)
    {
        Time = time;
        Group = new LocalGroup(options, time, function);
        foreach (var id in consumers)
        {
            Group.Add(id, new HeldConsumer(), maxInFlight: 10);
        }
    }

    public FakeTimeProvider Time { get; }

    public LocalGroup Group { get; }

    /// <summary>Starts a dispatch: its first routing call.</summary>
    public async Task<Attempt> StartAsync()
    {
        var message = new RoutingMessage($"m{++next}");
        var owner = Guid.NewGuid();
        var request = new RouteRequest(message, null, [], 0, message.ContentFingerprint(), owner, 1, TestSilos.Elsewhere);
        return new Attempt(this, request, await Group.Dispatcher.RouteAsync(request));
    }

    /// <summary>Dispatches one message: each attempt to a consumer in <paramref name="failing"/> crashes, any other delivers.</summary>
    /// <returns>The consumers tried, in order, and the last answer.</returns>
    public async Task<(List<string> Tried, RouteAnswer Last)> DispatchAsync(ISet<string> failing, AttemptEnd crash = AttemptEnd.Crashed)
    {
        var attempt = await StartAsync();
        var tried = new List<string>();
        while (attempt.Answer is Granted granted)
        {
            tried.Add(granted.Consumer.Value);
            if (!failing.Contains(granted.Consumer.Value))
            {
                await attempt.DeliverAsync();
                break;
            }

            attempt = await attempt.CrashAsync(crash);
        }

        return (tried, attempt.Answer);
    }

    /// <summary>Dispatches one message whose one attempt crashes and whose dispatch then ends failed (as with <c>MaxAttempts</c> 1).</summary>
    /// <returns>The consumer it crashed on.</returns>
    public async Task<string> FailOnceAsync()
    {
        var attempt = await StartAsync();
        var granted = attempt.Granted;
        var message = attempt.Request.Message;
        var failure = new DispatchExhaustedException(message.Id, "g", DispatchLimit.MaxAttempts, "one attempt allowed", []);
        await Group.Dispatcher.EndAsync(message.Id, attempt.Request.Owner, granted.Lease, new OutcomeRecord(message.Id, message.ContentFingerprint(), null, failure), AttemptEnd.Crashed, 1, "crashed");
        return granted.Consumer.Value;
    }

    /// <summary>The consumer as the group's snapshot shows it.</summary>
    public ConsumerStateView View(string consumer) => Group.Dispatcher.Health.Snapshot().Single(v => v.Consumer.Value == consumer);

    /// <summary>The consumer as a routing function is given it now (its capacity is what its state allows).</summary>
    public ConsumerStateView Offered(string consumer) => Group.Dispatcher.Health.Candidates([], reroute: false).Single(v => v.Consumer.Value == consumer);

    /// <summary>One dispatch's latest routing call and its answer.</summary>
    internal sealed record Attempt(HealthDriver Driver, RouteRequest Request, RouteAnswer Answer)
    {
        public Granted Granted => Assert.IsType<Granted>(Answer);

        /// <summary>The attempt crashed: the next routing call excludes its consumer and reports the crash.</summary>
        public async Task<Attempt> CrashAsync(AttemptEnd crash = AttemptEnd.Crashed)
        {
            var request = Request with
            {
                Excluded = [.. Request.Excluded, Granted.Consumer],
                ReleaseLease = Granted.Lease,
                ReleasedAs = crash,
                Failure = $"{crash} at {Granted.Consumer}",
                Call = Request.Call + 1,
                Claimed = true,
            };
            return new Attempt(Driver, request, await Driver.Group.Dispatcher.RouteAsync(request));
        }

        /// <summary>The attempt was acknowledged: the dispatch ends with its outcome.</summary>
        public async Task DeliverAsync()
        {
            var message = Request.Message;
            var outcome = new DispatchOutcome(message.Id, Granted.Consumer, Granted.Function, []);
            await Driver.Group.Dispatcher.EndAsync(message.Id, Request.Owner, Granted.Lease, new OutcomeRecord(message.Id, message.ContentFingerprint(), outcome, null), AttemptEnd.Delivered);
        }
    }
}
