namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Tests with real silo processes run one at a time, after the in-process tests: on two cores a
/// busy neighbour can slow a silo enough for its peers to declare it dead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcesses
{
    public const string Name = "processes";
}
