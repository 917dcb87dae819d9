namespace Orleans.Dispatch.Tests.Consumers;

/// <summary>A consumer that records each message and behaves as <see cref="ConsumerScript"/> says for its key.</summary>
public sealed class TestConsumerGrain : Grain, ITestConsumerGrain
{
    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        ConsumerScript.Run(this.GetPrimaryKeyString(), message, cancellationToken);
}
