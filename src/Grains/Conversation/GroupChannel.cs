using System.Diagnostics;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// A dispatch's calls to its group. A routing call that fails in transport or does not answer
/// within <see cref="DispatchOptions.GroupCallTimeout"/> (the group's silo died, the group is
/// moving or re-activating) is sent again with backoff until the dispatch is out of time, with the
/// same call number, so the group answers a call it already decided as it did the first time. Any
/// other failure (the group cannot activate) ends the dispatch.
/// </summary>
internal sealed class GroupChannel(IConsumerGroupRouterGrain router, string group, string messageId, Guid owner, ConversationServices services)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest a failed dispatch waits to learn whether its failure was the message's: well inside the margin between the dispatch timeout and the response timeout.</summary>
    private static readonly TimeSpan LongestFailureReport = DispatchDefaults.ResponseTimeoutMargin / 2;

    /// <summary>Why the last call to the group failed, while it has not answered since; null once it answers.</summary>
    public string? Unreachable { get; private set; }

    /// <summary>Asks the group for a decision, until it answers.</summary>
    public async Task<RouteResult> RouteAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(FirstRetryDelay, LongestRetryDelay);
        while (true)
        {
            try
            {
                var result = await router.Route(request).WaitAsync(services.Options.GroupCallTimeout, services.Time, cancellationToken);
                Unreachable = null;
                return result;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && TransientFailure.IsTransient(exception))
            {
                await WaitBeforeRetryAsync(exception, backoff.Next(), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Waits a short slice for the group to grant this waiting dispatch a consumer: the decision,
    /// <see cref="RouteStatus.Waiting"/> to ask again, or <see cref="RouteStatus.NotWaiting"/> to route again.
    /// </summary>
    private Task<RouteResult> AwaitGrantAsync(CancellationToken cancellationToken) =>
        AskOnceAsync(() => router.AwaitGrant(messageId, owner), RouteResult.Waiting(string.Empty), cancellationToken);

    /// <summary>
    /// Waits in the group's line until it grants this dispatch a consumer (or ends it another
    /// way): no polling, each wait a short slice the group answers as soon as room appears. The
    /// wait is an event on the dispatch's span.
    /// </summary>
    /// <returns>The group's answer, and how long the dispatch waited.</returns>
    public async Task<(RouteResult Answer, TimeSpan Waited)> WaitForGrantAsync(CancellationToken cancellationToken)
    {
        var started = services.Time.GetTimestamp();
        RouteResult answer;
        try
        {
            do
            {
                answer = await AwaitGrantAsync(cancellationToken);
            }
            while (answer.Status == RouteStatus.Waiting);
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
        AskOnceAsync(() => router.AwaitOutcome(messageId), null, cancellationToken);

    /// <summary>Ends the dispatch at the group (one-way): releases its leases, frees the message id if it owns it, keeps <paramref name="record"/>.</summary>
    public void Complete(long lease, OutcomeRecord? record) => Background.Observe(router.Complete(messageId, owner, lease, record));

    /// <summary>
    /// Ends the dispatch at the group with its failure, and learns whether it still held the
    /// message id (only then is the failure the message's). Asked once, for at most
    /// <see cref="LongestFailureReport"/>: a dispatch that failed has no time to spend, and an
    /// unanswered report is "unknown".
    /// </summary>
    /// <returns>True when the group recorded the failure; false when the dispatch no longer held the message id; null when the group did not answer.</returns>
    public async Task<bool?> RecordFailureAsync(long lease, OutcomeRecord record)
    {
        var bound = services.Options.GroupCallTimeout < LongestFailureReport ? services.Options.GroupCallTimeout : LongestFailureReport;
        try
        {
            return await router.RecordFailure(messageId, owner, lease, record).WaitAsync(bound, services.Time);
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
            var answer = await call().WaitAsync(services.Options.GroupCallTimeout, services.Time, cancellationToken);
            Unreachable = null;
            return answer;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && TransientFailure.IsTransient(exception))
        {
            await WaitBeforeRetryAsync(exception, FirstRetryDelay, cancellationToken);
            return askAgain;
        }
    }

    private async Task WaitBeforeRetryAsync(Exception exception, TimeSpan wait, CancellationToken cancellationToken)
    {
        Unreachable = exception is TimeoutException
            ? $"no answer within the group call timeout of {services.Options.GroupCallTimeout}"
            : $"{exception.GetType().Name}: {exception.Message}";
        services.Logger.GroupCallFailed(messageId, group, wait, Unreachable);
        await Task.Delay(wait, services.Time, cancellationToken);
    }
}
