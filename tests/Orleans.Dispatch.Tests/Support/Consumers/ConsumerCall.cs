namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>One call to a test consumer's <c>Consume</c>.</summary>
public sealed record ConsumerCall(string Key, RoutingMessage Message, CancellationToken Token);
