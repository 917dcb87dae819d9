using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.GroupCalls;

/// <summary>
/// A dispatch's calls to its group. A routing call that fails in transport or does not answer
/// within <see cref="DispatchOptions.GroupCallTimeout"/> (the group's silo died, the group is
/// moving or re-activating) is sent again with backoff until the dispatch is out of time, with the
/// same call number, so the group answers a call it already decided as it did the first time. Any
/// other failure (the group cannot activate) ends the dispatch.
/// </summary>
internal sealed class RetryingGroupCalls(IGroupCalls group, string groupName, string messageId, Guid owner, ConversationServices services)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest a failed dispatch waits to learn whether its failure was the message's: well inside the margin between the dispatch timeout and the response timeout.</summary>
    private static readonly TimeSpan LongestFailureReport = DispatchDefaults.ResponseTimeoutMargin / 2;

    /// <summary>What a wait for the grant that the group did not answer stands for: ask again.</summary>
    private static readonly Wait StillWaiting = new(string.Empty);

    /// <summary>Why the last call to the group failed, while it has not answered since; null once it answers.</summary>
    public string? Unreachable { get; private set; }

    /// <summary>Asks the group for a decision, until it answers (its state machine pooled: one per dispatch step otherwise).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RouteAnswer> RouteAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(FirstRetryDelay, LongestRetryDelay);
        while (true)
        {
            try
            {
                var answer = await group.Route(request, cancellationToken).ConfigureAwait(false);
                Unreachable = null;
                return answer;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && TransientFailure.IsTransient(exception))
            {
                await WaitBeforeRetryAsync(exception, backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits in the group's line until it grants this dispatch a consumer (or ends it another
    /// way): no polling, each wait a short slice the group answers as soon as room appears. The
    /// wait is an event on the dispatch's span.
    /// </summary>
    /// <returns>The group's answer (never <see cref="Wait"/>), and how long the dispatch waited.</returns>
    public async Task<(RouteAnswer Answer, TimeSpan Waited)> WaitForGrantAsync(CancellationToken cancellationToken)
    {
        var started = services.Time.GetTimestamp();
        RouteAnswer answer;
        try
        {
            do
            {
                answer = await AskOnceAsync(() => group.AwaitGrant(messageId, owner), StillWaiting, cancellationToken).ConfigureAwait(false);
            }
            while (answer is Wait);
        }
        finally
        {
            var waited = services.Time.GetElapsedTime(started);
            Activity.Current?.AddEvent(new ActivityEvent("dispatch.waited", tags: new ActivityTagsCollection { ["dispatch.wait_ms"] = waited.TotalMilliseconds }));
        }

        return (answer, services.Time.GetElapsedTime(started));
    }

    /// <summary>Waits a short slice for the dispatch that owns the message id: its record, or null to ask again.</summary>
    public Task<OutcomeRecord?> AwaitOwnerAsync(CancellationToken cancellationToken) =>
        AskOnceAsync(() => group.AwaitOutcome(messageId), null, cancellationToken);

    /// <summary>Ends the dispatch at the group (one-way): releases its leases, frees the message id if it owns it, keeps <paramref name="record"/>.</summary>
    public void Complete(long lease, OutcomeRecord? record, AttemptReport attempt = default) => Background.Observe(group.Complete(messageId, owner, lease, record, attempt));

    /// <summary>
    /// Ends the dispatch at the group with its failure, and learns whether it still held the
    /// message id (only then is the failure the message's). Asked once, for at most
    /// <see cref="LongestFailureReport"/>: a dispatch that failed has no time to spend, and an
    /// unanswered report is "unknown".
    /// </summary>
    /// <returns>True when the group recorded the failure; false when the dispatch no longer held the message id; null when the group did not answer.</returns>
    public async Task<bool?> RecordFailureAsync(long lease, OutcomeRecord record, AttemptReport attempt)
    {
        var bound = services.Options.GroupCallTimeout < LongestFailureReport ? services.Options.GroupCallTimeout : LongestFailureReport;
        try
        {
            return await group.RecordFailure(messageId, owner, lease, record, attempt).WaitAsync(bound, services.Time).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Unreachable = exception is TimeoutException ? $"no answer to the failure's report within {bound}" : $"{exception.GetType().Name}: {exception.Message}";
            return null;
        }
    }

    /// <summary>
    /// One of the group's bounded waits (<c>AwaitGrant</c>, <c>AwaitOutcome</c>): its answer, or
    /// <paramref name="askAgain"/> after a short pause when the group did not answer; the caller asks again.
    /// </summary>
    private async Task<T> AskOnceAsync<T>(Func<Task<T>> call, T askAgain, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            Unreachable = null;
            return answer;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && TransientFailure.IsTransient(exception))
        {
            await WaitBeforeRetryAsync(exception, FirstRetryDelay, cancellationToken).ConfigureAwait(false);
            return askAgain;
        }
    }

    private async Task WaitBeforeRetryAsync(Exception exception, TimeSpan wait, CancellationToken cancellationToken)
    {
        Unreachable = exception is TimeoutException
            ? $"no answer within the group call timeout of {services.Options.GroupCallTimeout}"
            : $"{exception.GetType().Name}: {exception.Message}";
        services.Logger.GroupCallFailed(messageId, groupName, wait, Unreachable);
        await Task.Delay(wait, services.Time, cancellationToken).ConfigureAwait(false);
    }
}
