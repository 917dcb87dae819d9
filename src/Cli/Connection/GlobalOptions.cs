using System.CommandLine;

namespace Orleans.Dispatch.Cli.Connection;

/// <summary>The options every command takes to reach the cluster. Each defaults to the silo's configuration key, read from the environment.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Cluster = new("--cluster")
    {
        Description = "How to find the cluster: localhost or redis (env Cluster__Provider; default localhost).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Cluster__Provider") ?? "localhost",
        Recursive = true,
    };

    public static readonly Option<string?> Redis = new("--redis")
    {
        Description = "Redis configuration string, for --cluster redis (env Redis__ConnectionString; the password from env Redis__Password).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Redis__ConnectionString"),
        Recursive = true,
    };

    public static readonly Option<int> GatewayPort = new("--gateway-port")
    {
        Description = "The silo's gateway port, for --cluster localhost (env Cluster__GatewayPort; default 30000).",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("Cluster__GatewayPort"), out var port) ? port : 30000,
        Recursive = true,
    };

    public static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "The cluster id (env Cluster__ClusterId; default dispatch).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Cluster__ClusterId") ?? "dispatch",
        Recursive = true,
    };

    public static readonly Option<string> ServiceId = new("--service-id")
    {
        Description = "The service id (env Cluster__ServiceId; default dispatch).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Cluster__ServiceId") ?? "dispatch",
        Recursive = true,
    };

    public static readonly Option<int> ConnectTimeout = new("--connect-timeout")
    {
        Description = "Seconds to wait for a gateway to accept the connection before giving up (default 30). A refused TLS handshake looks like a gateway that never answers.",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(ConnectTimeout);
        root.Options.Add(Cluster);
        root.Options.Add(Redis);
        root.Options.Add(GatewayPort);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
    }
}
