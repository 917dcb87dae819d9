using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Routing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Dispatch.Tests.Support.Groups;

/// <summary>
/// A group without Orleans: the real <see cref="GroupDispatcher"/> over a consumer table, taking
/// the dispatch loop's calls straight (<see cref="IGroupCalls"/>), one turn at a time as the grain
/// would, and recording whenever a consumer is taken past its capacity. The dead letters its
/// dispatches keep are collected in <see cref="DeadLetters"/>.
/// </summary>
internal sealed class LocalGroup : IGroupCalls, IDeadLetterSink
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddDispatch().BuildServiceProvider();
    private readonly GroupTurns turns = new();
    private readonly List<DeadLetter> deadLetters = [];
    private readonly Func<SiloAddress, bool> isDead;

    public LocalGroup(DispatchOptions options, TimeProvider time, string function = "round-robin", Func<SiloAddress, bool>? isDead = null, ILogger? logger = null)
    {
        Options = options;
        Time = time;
        Function = function;
        this.isDead = isDead ?? (_ => false);
        Dispatcher = new GroupDispatcher("g", () => Function, Consumers, Services.GetRequiredService<RoutingFunctionRegistry>(), options, time, Metrics, logger ?? NullLogger.Instance, "test-silo");
    }

    public static DispatchMetrics Metrics => Services.GetRequiredService<DispatchMetrics>();

    public DispatchOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The group's routing function in force.</summary>
    public string Function { get; set; }

    public ConsumerTable Consumers { get; } = new();

    public GroupDispatcher Dispatcher { get; }

    /// <summary>How long one wait for a grant or an outcome lasts (the grain's slice).</summary>
    public TimeSpan WaitSlice { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every selection that took a consumer past its <c>MaxInFlight</c>.</summary>
    public List<string> OverCapacity { get; } = [];

    public IReadOnlyList<DeadLetter> DeadLetters
    {
        get
        {
            lock (deadLetters)
            {
                return [.. deadLetters];
            }
        }
    }

    /// <summary>What a dispatch loop running against this group shares, on <see cref="Time"/>.</summary>
    public ConversationServices ServicesFor(SiloAddress? silo = null) => new(Options, Time, Metrics, NullLogger.Instance, silo ?? TestSilos.Elsewhere, this);

    public void Add(string id, IConsumerGrain consumer, int maxInFlight = 10, params string[] tags) =>
        Consumers.AddOrUpdate(new ConsumerId(id), consumer, maxInFlight, [.. tags.Order(StringComparer.Ordinal)]);

    /// <summary>A new dispatch of <paramref name="message"/> against this group, run to its end.</summary>
    public Task<DispatchOutcome> DispatchAsync(RoutingMessage message, SiloAddress? silo = null, CancellationToken cancellationToken = default) =>
        DispatchConversation.New("g", message, this, ServicesFor(silo)).RunToEndAsync(cancellationToken);

    public Task<RouteAnswer> Route(RouteRequest request, CancellationToken cancellationToken) => turns.Run<RouteAnswer>(async () =>
    {
        var answer = await Dispatcher.RouteAsync(request);
        CheckCapacity(answer);
        return answer;
    }).WaitAsync(cancellationToken);

    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner) => turns.Run<RouteAnswer>(async () =>
    {
        var answer = await Dispatcher.AwaitGrantAsync(messageId, owner, WaitSlice);
        CheckCapacity(answer);
        return answer;
    });

    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => turns.Run(() => Dispatcher.AwaitOutcomeAsync(messageId, WaitSlice, isDead));

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record, AttemptReport attempt = default) =>
        turns.RunValue(() => Dispatcher.EndAsync(messageId, owner, lease, record, attempt.End, attempt.Crashes, attempt.Failure));

    public Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record, AttemptReport attempt = default) =>
        turns.RunValue(() => Dispatcher.EndAsync(messageId, owner, lease, record, attempt.End, attempt.Crashes, attempt.Failure));

    /// <summary>Completes once every call sent to the group so far (one-way ends included) has had its turn.</summary>
    public Task SettledAsync() => turns.Run(() => Task.FromResult(true));

    /// <summary>Runs the group's sweep, as its timer does.</summary>
    public Task SweepAsync() => turns.Run(() =>
    {
        Dispatcher.Sweep(isDead);
        return Task.FromResult(true);
    });

    public void Keep(string group, DeadLetter letter)
    {
        lock (deadLetters)
        {
            deadLetters.Add(letter);
        }
    }

    private void CheckCapacity(RouteAnswer answer)
    {
        if (answer is Granted granted && Consumers.Find(granted.Consumer) is { } entry && entry.InFlight > entry.MaxInFlight)
        {
            OverCapacity.Add($"{granted.Consumer} taken to {entry.InFlight}/{entry.MaxInFlight}");
        }
    }
}
