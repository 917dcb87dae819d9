namespace Orleans.Dispatch.Registry;

/// <summary>The groups' side of the registry.</summary>
[Alias("Orleans.Dispatch.IGroupRegistryWriterGrain")]
internal interface IGroupRegistryWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Lists <paramref name="group"/> (idempotent).</summary>
    [Alias("Register")]
    Task Register(string group);
}
