namespace Orleans.Dispatch.Tests.Consumers;

[Alias("Orleans.Dispatch.Tests.IActivationFailingConsumerGrain")]
public interface IActivationFailingConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
}
