using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;
using Orleans.Runtime;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// Where one dispatch stands: its owner token and content fingerprint, the function it routes
/// with, the consumers excluded so far, its lease, its attempts and routing calls, its crashes and
/// how much of its time is left; what a <see cref="ConversationHandOff"/> carries to the
/// conversation grain. Written only by the dispatch's loop.
/// </summary>
internal sealed class ConversationState
{
    private readonly int maxAttempts;
    private readonly SiloAddress silo;

    private ConversationState(Guid owner, Guid fingerprint, TimeSpan remaining, CrashChain crashes, int maxAttempts, SiloAddress silo)
    {
        Owner = owner;
        Fingerprint = fingerprint;
        Remaining = remaining;
        Crashes = crashes;
        this.maxAttempts = maxAttempts;
        this.silo = silo;
    }

    /// <summary>The dispatch's owner token: its claim on the message id and its leases at the group.</summary>
    public Guid Owner { get; }

    /// <summary>The message's content fingerprint: the same id with other content is a conflict.</summary>
    public Guid Fingerprint { get; }

    /// <summary>What was left of the dispatch timeout when this run started.</summary>
    public TimeSpan Remaining { get; }

    /// <summary>The crashes so far, each timed.</summary>
    public CrashChain Crashes { get; }

    /// <summary>The function the dispatch routes with; null until the group's first decision (the group's function in force).</summary>
    public string? Function { get; private set; }

    /// <summary>The consumers that crashed so far, in order.</summary>
    public List<ConsumerId> Excluded { get; } = [];

    /// <summary>The lease of the attempt in flight or just crashed, which the next routing call releases; 0 when none.</summary>
    public long Lease { get; set; }

    /// <summary>How the attempt of <see cref="Lease"/> ended, for the group's health tracking: a crash (as text in <see cref="LastFailure"/>), or not known.</summary>
    public AttemptEnd LastAttempt { get; private set; }

    /// <summary>The latest crash as text.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Whether the attempt in flight is a probing consumer's trial.</summary>
    public bool Trial { get; private set; }

    /// <summary>What the group is told of the attempt of <see cref="Lease"/> when the dispatch ends with it.</summary>
    public AttemptReport LastReport => new(LastAttempt, Excluded.Count, LastFailure);

    /// <summary>Attempts counted against <c>MaxAttempts</c> (refused calls and trials are not).</summary>
    public int AttemptsMade { get; private set; }

    /// <summary>Whether the latest crash used up <c>MaxAttempts</c>.</summary>
    public bool AttemptsExhausted { get; private set; }

    /// <summary>The routing calls made so far.</summary>
    public int Calls { get; private set; }

    /// <summary>How long the dispatch waited in the group's line so far.</summary>
    public TimeSpan WaitedFor { get; set; }

    /// <summary>Whether this dispatch owns the message id at the group.</summary>
    public bool OwnsMessageId { get; set; }

    /// <summary>Whether this dispatch found another one of its message id in progress and waited for it.</summary>
    public bool Joined => JoinedEpoch != 0;

    /// <summary>The group activation that last said another dispatch of the message id was in progress (0: none).</summary>
    public long JoinedEpoch { get; set; }

    /// <summary>A dispatch starting now: a fresh owner token, the whole dispatch timeout.</summary>
    public static ConversationState New(RoutingMessage message, ConversationServices services) =>
        new(OwnerToken.Next(), message.ContentFingerprint(), services.Options.DispatchTimeout, new CrashChain(services.Time, services.Silo), services.Options.MaxAttempts, services.Silo);

    /// <summary>A dispatch going on from where <paramref name="handOff"/> says it stands.</summary>
    public static ConversationState Resumed(ConversationHandOff handOff, ConversationServices services)
    {
        var state = new ConversationState(
            handOff.Owner, handOff.Fingerprint, handOff.Remaining, new CrashChain(services.Time, services.Silo, handOff.Crashes, handOff.Pending), services.Options.MaxAttempts, services.Silo)
        {
            Function = handOff.RoutingFunction,
            Lease = handOff.Lease,
            AttemptsMade = handOff.AttemptsMade,
            Calls = handOff.Calls,
            WaitedFor = handOff.WaitedFor,
            OwnsMessageId = true,
            LastAttempt = handOff.LastAttempt,
            LastFailure = handOff.LastFailure,
        };
        state.Excluded.AddRange(handOff.Excluded);
        return state;
    }

    /// <summary>The next routing call: it releases the lease of the attempt that crashed and excludes the consumers that crashed.</summary>
    public RouteRequest NextRequest(RoutingMessage routingMessage) =>
        new(routingMessage, Function, [.. Excluded], Lease, Fingerprint, Owner, ++Calls, silo, JoinedEpoch: OwnsMessageId ? 0 : JoinedEpoch, Claimed: OwnsMessageId,
            ReleasedAs: Lease == 0 ? AttemptEnd.None : LastAttempt, Failure: Lease == 0 ? null : LastFailure);

    /// <summary>The group granted <paramref name="granted"/>: the attempt goes out with its lease, and the pending crash's reroute starts now.</summary>
    public void Granted(Granted granted)
    {
        Function = granted.Function;
        Lease = granted.Lease;
        Trial = granted.Trial;
        LastAttempt = AttemptEnd.None;
        Crashes.RerouteStarts();
    }

    /// <summary>The attempt to <paramref name="consumer"/> crashed: the consumer is excluded for this message.</summary>
    public void Crashed(ConsumerId consumer, AttemptFailure failure)
    {
        Crashes.Crashed(consumer, failure.Reason);
        Excluded.Add(consumer);
        LastAttempt = failure.Kind;
        LastFailure = failure.Reason;
        AttemptsExhausted = !failure.Refused && !Trial && ++AttemptsMade >= maxAttempts;
    }

    /// <summary>The dispatch ended at the group: it holds no lease and no message id any more.</summary>
    public void Ended()
    {
        Lease = 0;
        OwnsMessageId = false;
    }

    /// <summary>Where the dispatch stands, for its conversation grain to go on from.</summary>
    public ConversationHandOff HandOff(TimeSpan remaining, string? traceParent) =>
        new(Function!, [.. Excluded], Crashes.Timed, Crashes.Pending!, Lease, AttemptsMade, remaining, Fingerprint, traceParent, Owner, Calls, WaitedFor, LastAttempt, LastFailure);
}
