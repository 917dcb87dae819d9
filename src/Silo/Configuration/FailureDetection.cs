using Orleans.Configuration;

namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>
/// How fast the cluster declares a silo dead that is dead, frozen or cut off from its peers
/// (<c>Cluster:*</c> keys), applied to Orleans' <see cref="ClusterMembershipOptions"/>. The
/// defaults are chosen for dispatch: a silo that stops answering its peers is declared dead within
/// about 5 s (at most <see cref="Bound"/>), so no group stops for longer, while a silo that is only
/// busy or paused for a second or two is not.
/// </summary>
internal sealed record FailureDetection
{
    /// <summary>The default of <c>Cluster:ProbeTimeout</c>: a probe at most every second, which waits at least a second.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The default of <c>Cluster:MaxProbeTimeout</c>: the longest a probe may wait when Orleans stretches it.</summary>
    public static readonly TimeSpan DefaultMaxProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default of <c>Cluster:MissedProbesLimit</c>.</summary>
    public const int DefaultMissedProbesLimit = 3;

    /// <summary>The default of <c>Cluster:VotesForDeath</c>.</summary>
    public const int DefaultVotesForDeath = 2;

    /// <summary>The default of <c>Cluster:DeathVoteExpiration</c>: a suspicion older than this no longer counts.</summary>
    public static readonly TimeSpan DefaultDeathVoteExpiration = TimeSpan.FromSeconds(20);

    /// <summary>The default of <c>Cluster:TableRefreshTimeout</c>: how often a silo reads the membership table.</summary>
    public static readonly TimeSpan DefaultTableRefreshTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default settings.</summary>
    public static FailureDetection Default { get; } = new();

    /// <summary>
    /// The shortest a probe waits for its answer (and the shortest time between two probes of a
    /// peer); Orleans stretches it per peer, up to <see cref="MaxProbeTimeout"/>, for a peer that answers slowly.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = DefaultProbeTimeout;

    /// <summary>The longest a probe may wait, however slow a peer has been answering.</summary>
    public TimeSpan MaxProbeTimeout { get; init; } = DefaultMaxProbeTimeout;

    /// <summary>How many probes in a row a peer must miss before a silo suspects it.</summary>
    public int MissedProbesLimit { get; init; } = DefaultMissedProbesLimit;

    /// <summary>How many silos must suspect a peer (within <see cref="DeathVoteExpiration"/>) to declare it dead.</summary>
    public int VotesForDeath { get; init; } = DefaultVotesForDeath;

    /// <summary>How long a suspicion counts towards <see cref="VotesForDeath"/>.</summary>
    public TimeSpan DeathVoteExpiration { get; init; } = DefaultDeathVoteExpiration;

    /// <summary>How often each silo reads the membership table (and so learns, at the latest, that it was declared dead).</summary>
    public TimeSpan TableRefreshTimeout { get; init; } = DefaultTableRefreshTimeout;

    /// <summary>
    /// Whether a silo that received any message from a peer within
    /// <see cref="MaxProbeTimeout"/> x <see cref="MissedProbesLimit"/> refuses to suspect it.
    /// Off by default: it protects a busy silo, but holds a frozen or cut-off one alive for that
    /// whole window; the probe settings above already tolerate a busy peer.
    /// </summary>
    public bool ConnectionLivenessCheck { get; init; }

    /// <summary>
    /// The longest a silo that stopped answering its peers stays a member, from the moment it
    /// stopped: <see cref="MissedProbesLimit"/> probes at up to <see cref="MaxProbeTimeout"/>
    /// each, the suspicions written, and the death spread to every silo (a table refresh at worst).
    /// </summary>
    public TimeSpan Bound => (MaxProbeTimeout * (MissedProbesLimit + 1)) + TableRefreshTimeout;

    /// <summary>Applies the settings to Orleans' membership options.</summary>
    public void ApplyTo(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.MinProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.EnableConnectionLivenessCheck = ConnectionLivenessCheck;
    }
}
