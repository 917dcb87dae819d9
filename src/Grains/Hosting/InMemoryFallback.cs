namespace Orleans.Dispatch.Hosting;

/// <summary>Registered when <c>AddDispatch</c> fell back to in-memory storage, for the start-up report.</summary>
internal sealed class InMemoryFallback;
