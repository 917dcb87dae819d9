using Orleans.Configuration;

namespace Orleans.Dispatch;

/// <summary>
/// How fast the cluster declares a silo dead that is dead, frozen or cut off from its peers, as
/// <see cref="Orleans.Hosting.SiloBuilderDispatchExtensions.UseDispatchFailureDetection"/> applies it to
/// Orleans' <see cref="ClusterMembershipOptions"/>. The defaults are chosen for dispatch: a silo that
/// stops answering its peers is declared dead within about 5 s (at most <see cref="Bound"/>, 10 s),
/// so no group stops for longer, while a silo that is only busy or paused for a second or two is
/// not. Orleans' own defaults take about a minute for a frozen or cut-off silo.
/// </summary>
public sealed class DispatchFailureDetectionOptions
{
    /// <summary>The default of <see cref="ProbeTimeout"/>: a probe at most every second, which waits at least a second.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="MaxProbeTimeout"/>.</summary>
    public static readonly TimeSpan DefaultMaxProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default of <see cref="MissedProbesLimit"/>.</summary>
    public static readonly int DefaultMissedProbesLimit = 3;

    /// <summary>The default of <see cref="VotesForDeath"/>.</summary>
    public static readonly int DefaultVotesForDeath = 2;

    /// <summary>The default of <see cref="DeathVoteExpiration"/>.</summary>
    public static readonly TimeSpan DefaultDeathVoteExpiration = TimeSpan.FromSeconds(20);

    /// <summary>The default of <see cref="TableRefreshTimeout"/>.</summary>
    public static readonly TimeSpan DefaultTableRefreshTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The largest <see cref="MissedProbesLimit"/> and <see cref="VotesForDeath"/> accepted.</summary>
    public static readonly int MaxCount = 10;

    /// <summary>
    /// Gets or sets the shortest a probe waits for its answer (and the shortest time between two
    /// probes of a peer). Orleans stretches it per peer, up to <see cref="MaxProbeTimeout"/>, for a
    /// peer that answers slowly.
    /// </summary>
    /// <value>1 second by default. Positive.</value>
    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    /// <summary>Gets or sets the longest a probe may wait, however slow a peer has been answering.</summary>
    /// <value>2 seconds by default. At least <see cref="ProbeTimeout"/>.</value>
    public TimeSpan MaxProbeTimeout { get; set; } = DefaultMaxProbeTimeout;

    /// <summary>Gets or sets how many probes in a row a peer must miss before a silo suspects it.</summary>
    /// <value>3 by default. From 1 to <see cref="MaxCount"/>.</value>
    public int MissedProbesLimit { get; set; } = DefaultMissedProbesLimit;

    /// <summary>Gets or sets how many silos must suspect a peer (within <see cref="DeathVoteExpiration"/>) to declare it dead.</summary>
    /// <value>2 by default. From 1 to <see cref="MaxCount"/>; Orleans lowers it in a cluster with fewer silos.</value>
    public int VotesForDeath { get; set; } = DefaultVotesForDeath;

    /// <summary>Gets or sets how long a suspicion counts towards <see cref="VotesForDeath"/>.</summary>
    /// <value>20 seconds by default. Longer than <see cref="MaxProbeTimeout"/> x <see cref="MissedProbesLimit"/>, or suspicions expire before a second silo can agree.</value>
    public TimeSpan DeathVoteExpiration { get; set; } = DefaultDeathVoteExpiration;

    /// <summary>Gets or sets how often each silo reads the membership table (and so learns, at the latest, that a peer or it was declared dead).</summary>
    /// <value>2 seconds by default. Positive.</value>
    public TimeSpan TableRefreshTimeout { get; set; } = DefaultTableRefreshTimeout;

    /// <summary>
    /// Gets or sets whether a silo that received any message from a peer within
    /// <see cref="MaxProbeTimeout"/> x <see cref="MissedProbesLimit"/> refuses to suspect it. It
    /// protects a busy silo, but holds a frozen or cut-off one alive for that whole window; the
    /// probe settings above already tolerate a busy peer.
    /// </summary>
    /// <value>False by default (Orleans' default is true).</value>
    public bool ConnectionLivenessCheck { get; set; }

    /// <summary>
    /// Gets the longest a silo that stopped answering its peers stays a member, from the moment it
    /// stopped: <see cref="MissedProbesLimit"/> probes at up to <see cref="MaxProbeTimeout"/> each,
    /// the suspicions written, and the death spread to every silo (a table refresh at worst).
    /// </summary>
    public TimeSpan Bound => BoundOf(MaxProbeTimeout, MissedProbesLimit, TableRefreshTimeout);

    /// <summary>
    /// The same bound for Orleans' membership options as they are, however they were set: 2 min
    /// 20 s for Orleans' defaults, whose probes stretch to 20 s (a frozen silo took about a minute
    /// in our measurements).
    /// </summary>
    /// <param name="options">The options in force.</param>
    /// <returns>The longest a silo that stopped answering stays a member.</returns>
    public static TimeSpan BoundOf(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BoundOf(options.MaxProbeTimeout, options.NumMissedProbesLimit, options.TableRefreshTimeout);
    }

    /// <summary>Applies the settings to Orleans' membership options.</summary>
    /// <param name="options">Orleans' options, changed in place.</param>
    public void ApplyTo(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.MinProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.EnableConnectionLivenessCheck = ConnectionLivenessCheck;
    }

    /// <summary>What is wrong with the settings: each problem names its setting, prefixed.</summary>
    /// <param name="settingPrefix">What precedes a property's name in the problems (for example <c>Cluster:</c> for configuration keys).</param>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public IReadOnlyList<string> Validate(string settingPrefix = nameof(DispatchFailureDetectionOptions) + ".")
    {
        ArgumentNullException.ThrowIfNull(settingPrefix);
        string nameOf(string name) => settingPrefix + name;
        var problems = new List<string>();
        Positive(ProbeTimeout, nameof(ProbeTimeout));
        Positive(TableRefreshTimeout, nameof(TableRefreshTimeout));
        Positive(DeathVoteExpiration, nameof(DeathVoteExpiration));
        Count(MissedProbesLimit, nameof(MissedProbesLimit));
        Count(VotesForDeath, nameof(VotesForDeath));
        if (MaxProbeTimeout < ProbeTimeout)
        {
            problems.Add($"{nameOf(nameof(MaxProbeTimeout))}: {MaxProbeTimeout} is shorter than {nameOf(nameof(ProbeTimeout))} ({ProbeTimeout}).");
        }

        var window = MaxProbeTimeout * MissedProbesLimit;
        if (MissedProbesLimit >= 1 && DeathVoteExpiration <= window)
        {
            problems.Add($"{nameOf(nameof(DeathVoteExpiration))}: {DeathVoteExpiration} must be longer than {nameOf(nameof(MaxProbeTimeout))} x {nameOf(nameof(MissedProbesLimit))} ({window}), or suspicions expire before a second silo can agree.");
        }

        return problems;

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{nameOf(name)}: {value} is not a positive duration.");
            }
        }

        void Count(int value, string name)
        {
            if (value < 1 || value > MaxCount)
            {
                problems.Add($"{nameOf(name)}: {value} is not a whole number from 1 to {MaxCount}.");
            }
        }
    }

    /// <summary>A copy of these settings.</summary>
    internal DispatchFailureDetectionOptions Copy() => (DispatchFailureDetectionOptions)MemberwiseClone();

    private static TimeSpan BoundOf(TimeSpan maxProbeTimeout, int missedProbesLimit, TimeSpan tableRefreshTimeout) =>
        (maxProbeTimeout * (missedProbesLimit + 1)) + tableRefreshTimeout;
}
