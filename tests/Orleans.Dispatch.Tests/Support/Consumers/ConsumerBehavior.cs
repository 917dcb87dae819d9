namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>What a test consumer does with a message after recording it.</summary>
public delegate Task ConsumerBehavior(ConsumerCall call);
