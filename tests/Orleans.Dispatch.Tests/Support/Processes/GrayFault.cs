namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>A fault that leaves a process alive but silent, or cuts it off.</summary>
public enum GrayFault
{
    /// <summary>A silo frozen (SIGSTOP) longer than the failure detection bound, then resumed.</summary>
    LongPause,

    /// <summary>A silo frozen for 1.5 s, well inside the failure detection bound, then resumed.</summary>
    ShortPause,

    /// <summary>A silo cut off from its peers' silo ports, its gateway and Redis still reachable, then healed.</summary>
    Partition,

    /// <summary>The cluster's Redis (membership and registrations) frozen, then resumed.</summary>
    RedisPause,

    /// <summary>The cluster's Redis killed (SIGKILL), then restarted from its append-only file 10 s later.</summary>
    RedisRestart,
}
