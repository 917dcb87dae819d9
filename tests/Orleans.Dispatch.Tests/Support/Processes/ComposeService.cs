namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>One service of docker-compose.yml, as far as the tests need it.</summary>
public sealed record ComposeService(
    string Name,
    string? Image,
    string? BuildTarget,
    string? Hostname,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> DependsOn);
