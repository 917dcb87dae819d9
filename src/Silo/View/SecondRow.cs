namespace Orleans.Dispatch.Silo.View;

/// <summary>One second of the group page's chart.</summary>
/// <param name="At">The second, in Unix milliseconds.</param>
/// <param name="Delivered">Delivered in it.</param>
/// <param name="Rerouted">Crashes rerouted around in it.</param>
/// <param name="Failed">Failed in it.</param>
/// <param name="LatencyP50Ms">Its median latency, or null.</param>
/// <param name="LatencyP99Ms">Its 99th percentile, or null.</param>
internal sealed record SecondRow(long At, int Delivered, int Rerouted, int Failed, double? LatencyP50Ms, double? LatencyP99Ms);
