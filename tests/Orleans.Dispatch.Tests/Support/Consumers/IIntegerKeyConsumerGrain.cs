namespace Orleans.Dispatch.Tests.Support.Consumers;

[Alias("Orleans.Dispatch.Tests.IIntegerKeyConsumerGrain")]
public interface IIntegerKeyConsumerGrain : IConsumerGrain, IGrainWithIntegerKey
{
}
