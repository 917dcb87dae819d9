namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>The body of <c>/health</c>.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Silo">This silo's address.</param>
/// <param name="SiloStatus">This silo's status in the membership table (Active, Joining, ShuttingDown, Dead, ...).</param>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="ActiveSilos">How many silos the membership table has as active.</param>
internal sealed record HealthReport(string Status, string Silo, string SiloStatus, string ClusterId, int ActiveSilos);
