namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>How silos find each other (<c>Cluster:Provider</c>).</summary>
internal enum ClusterProvider
{
    /// <summary>One silo on this machine, no external service: the embedded default.</summary>
    Localhost,

    /// <summary>Membership in Redis: any number of silos.</summary>
    Redis,
}
