using YamlDotNet.RepresentationModel;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Reads docker-compose.yml: services with their environment, command, ports and build target.</summary>
public static class ComposeFile
{
    public static IReadOnlyDictionary<string, ComposeService> Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        return services.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value!,
            entry => Parse(((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value),
            StringComparer.Ordinal);
    }

    /// <summary>The top-level <c>secrets</c> section: each secret's name to the file it mounts.</summary>
    public static IReadOnlyDictionary<string, string> Secrets(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return Child(root, "secrets") is YamlMappingNode secrets
            ? secrets.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Scalar((YamlMappingNode)e.Value, "file") ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>();
    }

    private static ComposeService Parse(string name, YamlMappingNode node)
    {
        var build = Child(node, "build") as YamlMappingNode;
        return new ComposeService(
            name,
            Scalar(node, "image"),
            build is null ? null : Scalar(build, "target"),
            Scalar(node, "hostname"),
            Environment(Child(node, "environment")),
            Sequence(Child(node, "command")),
            Sequence(Child(node, "ports")),
            Child(node, "depends_on") switch
            {
                YamlMappingNode map => [.. map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)],
                var other => Sequence(other),
            });
    }

    private static Dictionary<string, string> Environment(YamlNode? node) => node switch
    {
        null => [],
        YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(i => ((YamlScalarNode)i).Value!.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal),
        _ => throw new InvalidDataException("environment must be a map or a list"),
    };

    private static List<string> Sequence(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode list => [.. list.Children.Select(i => ((YamlScalarNode)i).Value!)],
        YamlScalarNode scalar => [.. scalar.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        _ => throw new InvalidDataException("expected a list"),
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
