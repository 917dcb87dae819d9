namespace Orleans.Dispatch.Tests.Support.Consumers;

[Alias("Orleans.Dispatch.Tests.IPinnedConsumerGrain")]
public interface IPinnedConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
    [Alias("GetSilo")]
    Task<string> GetSilo();
}
