namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>Where the demo consumer records what it processed (<c>Demo:Receipts</c>).</summary>
internal enum ReceiptStore
{
    /// <summary>Only in the consumer's own counters.</summary>
    None,

    /// <summary>Also in a Redis list per consumer, which outlives the silo.</summary>
    Redis,
}
