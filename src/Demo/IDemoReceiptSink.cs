namespace Orleans.Dispatch.Demo;

/// <summary>
/// Where the demo consumer records each message it acknowledges, before acknowledging. By
/// default nowhere beyond its own counters; a host can register one that writes outside the
/// silo (the silo host's Redis sink), so receipts survive the silo.
/// </summary>
public interface IDemoReceiptSink
{
    /// <summary>Records that the consumer with grain key <paramref name="consumerKey"/> processed <paramref name="message"/>.</summary>
    /// <param name="consumerKey">The demo consumer's grain key.</param>
    /// <param name="message">The message it processed.</param>
    /// <param name="cancellationToken">The attempt's token.</param>
    /// <returns>A task that completes when the receipt is stored.</returns>
    ValueTask RecordAsync(string consumerKey, RoutingMessage message, CancellationToken cancellationToken);
}
