namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>A consumer whose activation always fails, so no call ever reaches <see cref="Consume"/>.</summary>
public sealed class ActivationFailingConsumerGrain : Grain, IActivationFailingConsumerGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("activation refused by the test");

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        ConsumerScript.Run(this.GetPrimaryKeyString(), message, cancellationToken);
}
