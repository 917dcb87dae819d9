using Orleans.Concurrency;

namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>
/// A consumer that records each message and behaves as <see cref="ConsumerScript"/> says for its
/// key. Reentrant, so that it really has as many messages in flight as its group gives it.
/// </summary>
[Reentrant]
public sealed class TestConsumerGrain : Grain, ITestConsumerGrain
{
    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        ConsumerScript.Run(this.GetPrimaryKeyString(), message, cancellationToken);
}
