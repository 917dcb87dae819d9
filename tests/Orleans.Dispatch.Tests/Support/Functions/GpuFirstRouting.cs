namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>The README's custom routing function, verbatim, so the README cannot drift from what compiles and works.</summary>
public sealed class GpuFirstRouting : IRoutingFunction
{
    public const string Name = "gpu-first";

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        var wantsGpu = message.TryGetField("gpu", out var gpu) && gpu.TryGetBoolean(out var yes) && yes;
        ConsumerStateView? best = null;
        foreach (var consumer in consumers)   // the remaining candidates, ordered by id, never empty
        {
            if (consumer.HasCapacity && (!wantsGpu || consumer.HasAffinity("gpu"))
                && (best is null || consumer.BufferDepth < best.BufferDepth))
            {
                best = consumer;
            }
        }

        return best is not null ? RoutingDecision.Select(best.Consumer)
            : consumers.Any(c => !wantsGpu || c.HasAffinity("gpu")) ? RoutingDecision.Wait   // suitable, but all full
            : RoutingDecision.None;
    }
}
