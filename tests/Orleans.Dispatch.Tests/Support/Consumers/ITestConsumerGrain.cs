namespace Orleans.Dispatch.Tests.Support.Consumers;

[Alias("Orleans.Dispatch.Tests.ITestConsumerGrain")]
public interface ITestConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
}
