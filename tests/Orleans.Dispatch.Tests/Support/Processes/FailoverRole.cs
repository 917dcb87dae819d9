namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>What the silo a failover test kills holds for the group under load.</summary>
public enum FailoverRole
{
    /// <summary>The group grain's activation (its directory entry lives elsewhere).</summary>
    GroupHost,

    /// <summary>The group grain's directory entry, while the group lives on another silo.</summary>
    DirectoryOwner,

    /// <summary>Registered consumers only: not the group, not its directory entry, not a gateway of the client.</summary>
    ConsumersOnly,

    /// <summary>A gateway of the client (with the dispatch grain and conversations of the calls through it), and no registered consumer.</summary>
    ClientGateway,
}
