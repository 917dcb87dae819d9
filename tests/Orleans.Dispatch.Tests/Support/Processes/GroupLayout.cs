namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Where a group's pieces live in a three-silo cluster.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Host">The silo running the group grain.</param>
/// <param name="Owner">The silo holding the group's directory entry (never the host here).</param>
/// <param name="Third">The silo that is neither.</param>
/// <param name="Gateway">The silo whose gateway carries the load client's dispatches to the group, with the dispatch grain and conversations serving them.</param>
internal sealed record GroupLayout(string Group, LocalSilo Host, LocalSilo Owner, LocalSilo Third, LocalSilo Gateway)
{
    /// <summary>The silo holding <paramref name="role"/>.</summary>
    public LocalSilo Holding(FailoverRole role) => role switch
    {
        FailoverRole.GroupHost => Host,
        FailoverRole.DirectoryOwner => Owner,
        _ => Third,
    };

    /// <summary>
    /// Whether a fault of the silo holding <paramref name="role"/> hits that role alone: the
    /// client's gateway is the third silo for <see cref="FailoverRole.ClientGateway"/>, and another
    /// silo than the victim otherwise.
    /// </summary>
    public bool Isolates(FailoverRole role) => role == FailoverRole.ClientGateway ? Gateway == Third : Gateway != Holding(role);
}
