namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>Where group registrations are kept (<c>Storage:Provider</c>).</summary>
internal enum StorageProvider
{
    /// <summary>In silo memory: lost when the silo holding a group stops.</summary>
    Memory,

    /// <summary>In Redis: kept across silo loss and cluster restarts.</summary>
    Redis,
}
