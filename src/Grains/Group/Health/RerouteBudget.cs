namespace Orleans.Dispatch.Group.Health;

/// <summary>
/// A group's reroute budget, as Finagle's retry budget: each dispatch deposits
/// <see cref="ConsumerHealthPolicy.RerouteBudgetRatio"/> of a reroute, <see cref="ConsumerHealthPolicy.RerouteBudgetPerSecond"/>
/// more come with time, and what is saved lasts ten seconds' worth; a reroute after a counted crash
/// withdraws one. Timestamps are <see cref="TimeProvider"/> ticks.
/// </summary>
internal sealed class RerouteBudget
{
    private const int WindowSeconds = 10;
    private readonly FailureWindow deposits = new();
    private double tokens = double.NaN;
    private long refilledAt;

    /// <summary>Deposits one dispatch's share.</summary>
    public void Deposit(long now, long frequency, ConsumerHealthPolicy policy)
    {
        Refill(now, frequency, policy);
        deposits.Add(now, frequency, failed: false);
        tokens = Math.Min(Cap(now, frequency, policy), tokens + policy.RerouteBudgetRatio);
    }

    /// <summary>Withdraws one reroute; false when the budget is spent.</summary>
    public bool TryWithdraw(long now, long frequency, ConsumerHealthPolicy policy)
    {
        Refill(now, frequency, policy);
        if (tokens < 1)
        {
            return false;
        }

        tokens--;
        return true;
    }

    private void Refill(long now, long frequency, ConsumerHealthPolicy policy)
    {
        if (double.IsNaN(tokens))
        {
            tokens = WindowSeconds * policy.RerouteBudgetPerSecond;
        }
        else
        {
            tokens = Math.Min(Cap(now, frequency, policy), tokens + (policy.RerouteBudgetPerSecond * (now - refilledAt) / (double)frequency));
        }

        refilledAt = now;
    }

    /// <summary>Ten seconds' worth: the floor's, and the ratio of the dispatches of the last ten seconds.</summary>
    private double Cap(long now, long frequency, ConsumerHealthPolicy policy) =>
        (WindowSeconds * policy.RerouteBudgetPerSecond) + (policy.RerouteBudgetRatio * deposits.Read(now, frequency).Attempts);
}
