namespace Orleans.Dispatch.Silo.View;

/// <summary>Everything the groups page shows.</summary>
/// <param name="Groups">Every group of the cluster, by name.</param>
/// <param name="ServedBy">The silo that answered.</param>
internal sealed record GroupsPage(IReadOnlyList<GroupRow> Groups, string ServedBy);
