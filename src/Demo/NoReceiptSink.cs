namespace Orleans.Dispatch.Demo;

/// <summary>The default sink: the demo consumer's own counters are the only record.</summary>
internal sealed class NoReceiptSink : IDemoReceiptSink
{
    public ValueTask RecordAsync(string consumerKey, RoutingMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
