namespace Orleans.Dispatch.Tests.Routing;

/// <summary>
/// What consistent-hash:k picks over consumers A-D for alpha..zeta. Changing the hash breaks
/// every deployed key-to-consumer mapping: only change these with a migration note.
/// </summary>
internal static class ConsistentHashGolden
{
    public static readonly string?[] Picks = ["C", "D", "B", "C", "B", "A"];
}
