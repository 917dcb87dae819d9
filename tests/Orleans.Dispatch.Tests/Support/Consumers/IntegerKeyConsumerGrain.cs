using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>A consumer keyed by an integer, to show any key type can consume. Its script key is <c>int/{key}</c>.</summary>
public sealed class IntegerKeyConsumerGrain : Grain, IIntegerKeyConsumerGrain
{
    public static string ScriptKey(long key) => string.Create(CultureInfo.InvariantCulture, $"int/{key}");

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        ConsumerScript.Run(ScriptKey(this.GetPrimaryKeyLong()), message, cancellationToken);
}
