using Orleans.Dispatch.Routing.BuiltIn;

namespace Orleans.Dispatch.Routing.Supervision;

/// <summary>
/// Runs routing functions under supervision. The library's built-ins run inline; any other
/// function runs on a thread-pool work item with a time limit counted from when it starts. A run
/// past the limit is abandoned: it cannot be stopped, so its thread stays busy until it returns.
/// </summary>
internal static class RoutingEvaluator
{
    public static ValueTask<RoutingEvaluation> EvaluateAsync(
        IRoutingFunction function,
        RoutingMessage message,
        IReadOnlyList<ConsumerStateView> candidates,
        TimeSpan timeout,
        TimeProvider time)
    {
        if (function is IBuiltInRoutingFunction)
        {
            try
            {
                return ValueTask.FromResult(RoutingEvaluation.Decided(function.Route(message, candidates)));
            }
            catch (Exception exception)
            {
                return ValueTask.FromResult(Crashed(exception));
            }
        }

        // A custom function may be abandoned while it still runs: it gets a copy the group will not refill.
        return new ValueTask<RoutingEvaluation>(RunSupervisedAsync(function, message, [.. candidates], timeout, time));
    }

    private static async Task<RoutingEvaluation> RunSupervisedAsync(
        IRoutingFunction function,
        RoutingMessage message,
        IReadOnlyList<ConsumerStateView> candidates,
        TimeSpan timeout,
        TimeProvider time)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() =>
        {
            started.TrySetResult();
            return function.Route(message, candidates);
        });

        // The limit counts from when the function starts, not from when it was queued.
        await started.Task;
        try
        {
            return RoutingEvaluation.Decided(await run.WaitAsync(timeout, time));
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
            // Observe the abandoned run's eventual failure so it is not reported as unobserved.
            Internal.Background.Observe(run);
            return RoutingEvaluation.Failed(RoutingEvaluationFailure.TimedOut, $"it ran past the routing timeout of {timeout} and was abandoned");
        }
        catch (Exception exception)
        {
            return Crashed(exception);
        }
    }

    private static RoutingEvaluation Crashed(Exception exception) =>
        RoutingEvaluation.Failed(RoutingEvaluationFailure.Crashed, $"it threw {exception.GetType().Name}: {exception.Message}");
}
