namespace Orleans.Dispatch.Tests.Support;

/// <summary>The tests that share one <see cref="ClusterFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
