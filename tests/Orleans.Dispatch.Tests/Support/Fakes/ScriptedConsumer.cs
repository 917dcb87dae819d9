namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>A consumer outside any cluster: it crashes or acknowledges as told, and counts its calls.</summary>
internal sealed class ScriptedConsumer(bool crashes)
{
    public int Calls { get; private set; }

    public bool Crashes { get; } = crashes;

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Crashes ? Task.FromException(new InvalidOperationException("scripted crash")) : Task.CompletedTask;
    }
}
