using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Dispatch.Entry;

/// <summary>
/// The client-facing entry point: a stateless worker, local to the silo the call arrives at. It
/// validates the call and runs the dispatch up to its first crash: the first routing decision
/// and the first attempt, which settle most messages. A crash hands the dispatch to the message's
/// conversation grain, which reroutes. Reentrant: it holds no state between calls.
/// </summary>
/// <remarks>
/// The dispatch runs off the activation's scheduler (<c>ConfigureAwait(false)</c>, which Orleans'
/// analyzer ORLEANS0014 warns about in grain code): the grain holds no state for its calls to share,
/// and the one activation of the silo serves every dispatch, so its turns would serialize them all
/// on one core and queue every dispatch's answers behind the others'. The calls the dispatch makes
/// from the thread pool are the silo's own.
/// One activation per silo: Orleans routes a caller's cancellation to any local activation of a
/// stateless worker, and only the one running the call can honour it (dotnet/orleans#9877).
/// Being reentrant, the single activation serves every concurrent dispatch. Transport failures
/// (the conversation's silo died, a rejection) pass through unwrapped, so a caller can tell them
/// apart and send the message again: dispatch is idempotent by message id.
/// </remarks>
[StatelessWorker(1), Reentrant]
#pragma warning disable ORLEANS0014 // ConfigureAwait(false) in grain code: deliberate, see the remarks above.
internal sealed class DispatchGrain(IOptions<DispatchOptions> options, ConversationServices services, GroupCallsSource groups, IGrainFactory grains) : Grain, IDispatchGrain
{
    public async Task<DispatchOutcome> Dispatch(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.FindDefect() is { } defect)
        {
            throw new ArgumentException($"The message is malformed: {defect}.", nameof(message));
        }

        if (options.Value.MessageLimits.FindViolation(message) is { } violation)
        {
            throw new ArgumentException($"The message is over this silo's limits (DispatchOptions.MessageLimits): {violation}.", nameof(message));
        }

        var entered = Stopwatch.GetTimestamp();
        var group = GroupName.Validate(this.GetPrimaryKeyString());
        using var span = DispatchTelemetry.Source.StartActivity("dispatch");
        span?.SetTag(DispatchTelemetry.GroupTag, group);
        span?.SetTag(DispatchTelemetry.MessageIdTag, message.Id);
        services.Metrics.DispatchStarted(group);
        var started = services.Time.GetTimestamp();
        var calls = groups.For(group);
        ConversationHandOff? handOff = null;
        try
        {
            // The happy path runs here: the first decision and attempt need no grain of their own.
            // Off the activation's scheduler from here on (see the remarks above).
            var run = DispatchConversation.New(group, message, calls, services).RunToFirstCrashAsync(cancellationToken);
            services.Metrics.EntryTurn(group, Stopwatch.GetElapsedTime(entered));
            var result = await run.ConfigureAwait(false);
            var outcome = result switch
            {
                { Outcome: { } delivered } => delivered,
                { HandOff: { } crashed } => await ContinueAsync(handOff = crashed).ConfigureAwait(false),
                _ => throw new UnreachableException("A run to the first crash delivers or hands off."),
            };

            services.Metrics.DispatchEnded(group, services.Time.GetElapsedTime(started), null);
            span?.SetTag(DispatchTelemetry.OutcomeTag, "delivered");
            span?.SetTag(DispatchTelemetry.ConsumerTag, outcome.DeliveredTo.Value);
            return outcome;
        }
        catch (Exception exception) when (handOff is not null && exception is OrleansMessageRejectionException or OperationCanceledException)
        {
            // The conversation grain never received the dispatch (its silo is gone, and the
            // directory still points there), or the caller cancelled during the hand-off: give
            // the message id and the crashed attempt's lease back now, so a repeat does not wait
            // for the claim to expire. Ignored by the group if the dispatch moved on.
            Background.Observe(calls.Complete(message.Id, handOff.Owner, handOff.Lease, null));
            Ended(exception);
            throw;
        }
        catch (Exception exception) when (handOff is not null && ConversationFailure.IsUnexpected(exception))
        {
            var wrapped = ConversationFailure.Wrap(exception, message.Id, group, "the conversation grain could not take the dispatch over", handOff.Crashes);
            Ended(wrapped);
            throw wrapped;
        }
        catch (Exception exception)
        {
            Ended(exception);
            throw;
        }

        // A crash: the dispatch's own conversation grain takes over and reroutes (its reference is
        // made from the grain factory service, not the grain's own property: this runs off the
        // activation's scheduler).
        Task<DispatchOutcome> ContinueAsync(ConversationHandOff crashed) =>
            grains.GetGrain<IDispatchConversationGrain>(ConversationKey.For(group, message.Id, crashed.Owner)).Continue(group, message, crashed, cancellationToken);

        void Ended(Exception exception)
        {
            if (exception is OperationCanceledException)
            {
                return;
            }

            services.Metrics.DispatchEnded(group, services.Time.GetElapsedTime(started), exception);
            span?.SetTag(DispatchTelemetry.OutcomeTag, "failed");
            span?.SetTag(DispatchTelemetry.FailureTag, exception.GetType().Name);
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
    }
}
#pragma warning restore ORLEANS0014
