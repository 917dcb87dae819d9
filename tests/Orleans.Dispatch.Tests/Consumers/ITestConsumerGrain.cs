namespace Orleans.Dispatch.Tests.Consumers;

[Alias("Orleans.Dispatch.Tests.ITestConsumerGrain")]
public interface ITestConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
}
