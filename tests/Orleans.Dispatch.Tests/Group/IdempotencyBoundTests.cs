using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// A group's idempotency records within their memory bound, on fake time: what the group holds and
/// says when the bound drops records younger than the window, and that a repeat within what it
/// holds is still answered from the record.
/// </summary>
[Trait("Category", "Unit")]
public sealed class IdempotencyBoundTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task Within_its_bound_a_group_holds_the_whole_window_and_says_so()
    {
        var group = Group(memoryRecords: 100, out _);
        for (var i = 0; i < 10; i++)
        {
            await group.DispatchAsync(new RoutingMessage($"m{i}"));
            await group.SettledAsync();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await group.SettledAsync();
        var held = group.Dispatcher.Outcomes;
        Assert.Equal(TimeSpan.FromMinutes(2), held.Held);
        Assert.Equal(10, held.Records);
        Assert.Equal(10 * OutcomeLog.RecordBytes, held.Bytes);
    }

    [Fact]
    public async Task Past_its_bound_a_group_drops_the_oldest_says_how_far_back_it_remembers_and_warns_once_a_minute()
    {
        var group = Group(memoryRecords: 5, out var logs);
        for (var i = 0; i < 20; i++)
        {
            await group.DispatchAsync(new RoutingMessage($"m{i}"));
            await group.SettledAsync();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await group.SettledAsync();
        var held = group.Dispatcher.Outcomes;
        Assert.Equal(5, held.Records);
        Assert.Equal(TimeSpan.FromSeconds(5), held.Held);

        // The newest five are answered from the record; an older one is dispatched again.
        var repeat = await group.DispatchAsync(new RoutingMessage("m19"));
        Assert.True(repeat.Replayed);
        var older = await group.DispatchAsync(new RoutingMessage("m3"));
        Assert.False(older.Replayed);

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("IdempotencyMemoryLimit", warning.Message, StringComparison.Ordinal);
        Assert.Contains("dropped 1 idempotency record(s)", warning.Message, StringComparison.Ordinal);

        // A minute on, the next early drop warns again, counting every drop since the last warning.
        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 20; i < 27; i++)
        {
            await group.DispatchAsync(new RoutingMessage($"m{i}"));
        }

        Assert.Equal(2, logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
    }

    private LocalGroup Group(int memoryRecords, out FakeLogCollector logs)
    {
        var logger = new FakeLogger();
        logs = logger.Collector;
        var options = new DispatchOptions { IdempotencyMemoryLimit = memoryRecords * (long)OutcomeLog.RecordBytes };
        var group = new LocalGroup(options, time, logger: logger);
        group.Add("a", new HeldConsumer());
        return group;
    }
}
