namespace Orleans.Dispatch.Group.Registrations;

/// <summary>
/// One registration as persisted. The consumer grain is kept as its <see cref="Orleans.Runtime.GrainId"/>
/// text so that any storage serializer (binary or JSON) can hold it.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.StoredConsumer")]
internal sealed class StoredConsumer
{
    [Id(0)]
    public string Id { get; set; } = string.Empty;

    [Id(1)]
    public string GrainId { get; set; } = string.Empty;

    [Id(2)]
    public int MaxInFlight { get; set; }

    [Id(3)]
    public string[] AffinityTags { get; set; } = [];

    /// <summary>Where the consumer runs when it is a worker process; null for a grain.</summary>
    [Id(4)]
    public WorkerInfo? Worker { get; set; }
}
