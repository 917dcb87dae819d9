using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Tests.Client;

/// <summary>The one backoff the client and the conversation share.</summary>
[Trait("Category", "Unit")]
public sealed class BackoffTests
{
    [Fact]
    public void Each_wait_is_the_delay_times_a_factor_from_a_half_to_one_and_the_delay_doubles_to_its_ceiling()
    {
        var factors = new Queue<double>([0, 1, 0.5, 1, 1]);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), factors.Dequeue);

        TimeSpan[] waits = [backoff.Next(), backoff.Next(), backoff.Next(), backoff.Next(), backoff.Next()];

        Assert.Equal([50, 200, 300, 500, 500], waits.Select(w => w.TotalMilliseconds));
    }
}
