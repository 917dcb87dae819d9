using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A silo service of docker-compose.yml run as a local process: the service's environment as
/// written, with only addresses and ports rewritten for loopback (see <see cref="Rewritten"/>).
/// </summary>
public sealed class LocalSilo : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private LocalSilo(string name, ChildProcess process, IReadOnlyDictionary<string, string> environment, int gatewayPort, int httpPort, SiloUser? user)
    {
        Name = name;
        Process = process;
        Environment = environment;
        GatewayPort = gatewayPort;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        User = user;
    }

    public string Name { get; }

    public ChildProcess Process { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int GatewayPort { get; }

    public int SiloPort => int.Parse(Environment["Cluster__SiloPort"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The user the silo runs as, when not the test's own (partition tests).</summary>
    public SiloUser? User { get; }

    public string HttpUrl { get; }

    /// <summary>Where the silo serves the worker protocol (host:port, as a gRPC client dials it).</summary>
    public string WorkersAddress => new Uri(Environment["Workers__Url"]).Authority;

    /// <summary>The keys rewritten from the compose file: addresses and ports only.</summary>
    public static IReadOnlyList<string> Rewritten { get; } =
        ["Redis__ConnectionString", "Cluster__AdvertisedAddress", "Cluster__ListenOnAnyAddress", "Cluster__SiloPort", "Cluster__GatewayPort", "Http__Url", "Workers__Url"];

    public static LocalSilo Start(ComposeService service, RedisServer redis, IReadOnlyDictionary<string, string>? overrides = null, SiloUser? user = null)
    {
        var gatewayPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var environment = ComposeEnvironment.Resolve(service.Environment, redis, DevCertificates.Shared, ComposeFile.Secrets(RepoPaths.ComposeFile));
        var rewritten = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Redis__ConnectionString"] = redis.Endpoint,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Cluster__ListenOnAnyAddress"] = "false",
            ["Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Workers__Url"] = $"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        };
        foreach (var (key, value) in rewritten.Concat(overrides ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        var (fileName, arguments) = user is null ? ("dotnet", new[] { RepoPaths.SiloDll }) : user.Wrap("dotnet", [SiloUser.SiloDll]);
        var processEnvironment = user is null ? environment : new Dictionary<string, string>(environment) { ["HOME"] = user.Home, ["DOTNET_CLI_HOME"] = user.Home };
        var process = ChildProcess.Start(service.Name, fileName, arguments, processEnvironment);
        return new LocalSilo(service.Name, process, environment, gatewayPort, httpPort, user);
    }

    /// <summary>The silo's <c>/health</c> answer, or null while it does not answer.</summary>
    public async Task<(int Status, JsonElement Body)?> HealthAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(HttpUrl + "/health"));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return ((int)response.StatusCode, body);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Polls <c>/health</c> until the silo is healthy and sees <paramref name="activeSilos"/> active silos.</summary>
    public async Task WaitHealthyAsync(int activeSilos, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        (int Status, JsonElement Body)? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {Process.ExitCode}:{System.Environment.NewLine}{Process.Output}");
            }

            last = await HealthAsync();
            if (last is { Status: 200 } health && health.Body.GetProperty("activeSilos").GetInt32() == activeSilos)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} not healthy with {activeSilos} active silo(s) within {within}; last /health: {last?.Status} {last?.Body}{System.Environment.NewLine}{Process.Output}");
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
