namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>The configuration cannot start a silo; the message lists every problem, by key.</summary>
internal sealed class SiloConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid silo configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
