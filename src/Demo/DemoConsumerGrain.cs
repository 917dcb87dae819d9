using System.Globalization;
using Orleans.Concurrency;

namespace Orleans.Dispatch.Demo;

/// <summary>The demo consumer: counts, remembers the last ids, and fails or waits as told.</summary>
[Reentrant, GrainType(IDemoConsumerGrain.GrainTypeName)]
internal sealed class DemoConsumerGrain(IDemoReceiptSink sink) : Grain, IDemoConsumerGrain
{
    private const int RecentLimit = 20;
    private readonly Queue<string> recent = new();
    private DemoBehavior behavior = DemoBehavior.Healthy;
    private long processed;
    private long failed;

    public async Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var current = behavior;
        if (current.Delay > TimeSpan.Zero)
        {
            await Task.Delay(current.Delay, cancellationToken);
        }

        if (current.FailureRate > 0 && Random.Shared.NextDouble() < current.FailureRate)
        {
            failed++;
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"demo consumer '{this.GetPrimaryKeyString()}' failed on purpose (failure rate {current.FailureRate:0.###})"));
        }

        await sink.RecordAsync(this.GetPrimaryKeyString(), message, cancellationToken);
        processed++;
        recent.Enqueue(message.Id);
        if (recent.Count > RecentLimit)
        {
            recent.Dequeue();
        }
    }

    public Task SetBehavior(DemoBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        if (behavior.FailureRate is < 0 or > 1 || double.IsNaN(behavior.FailureRate))
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.FailureRate, "The failure rate must be from 0 to 1.");
        }

        if (behavior.Delay < TimeSpan.Zero || behavior.Delay > DemoBehavior.MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.Delay, $"The delay must be from 0 to {DemoBehavior.MaxDelay}.");
        }

        this.behavior = behavior;
        return Task.CompletedTask;
    }

    public Task<DemoConsumerStats> GetStats() =>
        Task.FromResult(new DemoConsumerStats(this.GetPrimaryKeyString(), RuntimeIdentity, processed, failed, [.. recent], behavior));
}
