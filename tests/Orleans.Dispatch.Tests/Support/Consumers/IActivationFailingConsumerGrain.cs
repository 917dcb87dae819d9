namespace Orleans.Dispatch.Tests.Support.Consumers;

[Alias("Orleans.Dispatch.Tests.IActivationFailingConsumerGrain")]
public interface IActivationFailingConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
}
