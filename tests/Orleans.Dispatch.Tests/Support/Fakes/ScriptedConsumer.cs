namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>A consumer outside any cluster: it crashes or acknowledges as told, and counts its calls. Not a grain: the dispatch loop calls it as a consumer's reference.</summary>
internal sealed class ScriptedConsumer(bool crashes) : IConsumerGrain
{
    private int calls;

    public int Calls => calls;

    public bool Crashes { get; } = crashes;

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        return Crashes ? Task.FromException(new InvalidOperationException("scripted crash")) : Task.CompletedTask;
    }
}
