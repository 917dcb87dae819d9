using System.Text.RegularExpressions;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Security;

/// <summary>
/// The compose file's silos (mutual TLS on) as real processes: a client holding a certificate
/// the cluster's authority signed dispatches; one without a certificate, one with a certificate
/// from another authority and one without TLS are refused at connection, with an error that
/// says why, and change nothing.
/// </summary>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed class MutualTlsTests : IClassFixture<RedisServer>
{
    private const string Group = "secure";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private readonly RedisServer redis;
    private readonly IReadOnlyDictionary<string, ComposeService> services = ComposeFile.Load(RepoPaths.ComposeFile);
    private readonly IReadOnlyDictionary<string, string> secrets = ComposeFile.Secrets(RepoPaths.ComposeFile);

    public MutualTlsTests(RedisServer redis) => this.redis = redis;

    [Fact]
    public async Task Only_a_client_with_a_certificate_the_cluster_trusts_gets_in()
    {
        var isolated = new Dictionary<string, string> { ["Cluster__ClusterId"] = "tls", ["Cluster__ServiceId"] = "tls" };
        await using var silo1 = LocalSilo.Start(services["silo1"], redis, isolated);
        await using var silo2 = LocalSilo.Start(services["silo2"], redis, isolated);
        await silo1.WaitHealthyAsync(activeSilos: 2, StartPatience);
        await silo2.WaitHealthyAsync(activeSilos: 2, StartPatience);
        Assert.Contains("TLS on (mutual", await silo1.Process.LineContainingAsync("Exposed: silo port"), StringComparison.Ordinal);

        var trusted = ClientEnvironment(isolated);
        var (admitted, quickstart) = await RunCliAsync(trusted, "quickstart", Group, "--consumers", "2", "--count", "200", "--concurrency", "8");
        Assert.True(admitted == 0, $"the trusted client exited with {admitted}:{Environment.NewLine}{quickstart}");
        Assert.Matches(@"delivered\s+│\s+200", quickstart);

        await using var inspector = await ProcessClusterClient.ConnectAsync(redis, silo1.Environment);
        var group = inspector.Client.GetGrain<IConsumerGroupGrain>(Group);
        var before = await group.GetSnapshot();

        var strangers = DevCertificates.Make("stranger");
        var refusals = new (string Who, Dictionary<string, string> Environment)[]
        {
            ("no TLS", Without(trusted, "Tls__Enabled", "Tls__CertificatePath", "Tls__KeyPath", "Tls__CaCertificatePath")),
            ("TLS without a client certificate", Without(trusted, "Tls__CertificatePath", "Tls__KeyPath")),
            ("a certificate from another authority", new(trusted) { ["Tls__CertificatePath"] = strangers.ClientCertificate, ["Tls__KeyPath"] = strangers.ClientKey }),
        };
        foreach (var (who, environment) in refusals)
        {
            var (exit, output) = await RunCliAsync(environment, "add", Group, "intruder", "--max-in-flight", "100", "--connect-timeout", "8");
            var refused = Regex.Replace(output, @"\s+", " "); // the CLI wraps its error to the terminal's width
            Assert.True(exit == 2, $"{who}: expected a refusal (exit 2), got {exit}:{Environment.NewLine}{output}");
            Assert.Contains("Could not connect to the cluster", refused, StringComparison.Ordinal);
            Assert.Contains(who == "no TLS" ? "set Tls__Enabled=true" : "certificate", refused, StringComparison.Ordinal);
        }

        var after = await group.GetSnapshot();
        Assert.Equal(before.Consumers.Select(c => c.Consumer), after.Consumers.Select(c => c.Consumer));
        Assert.DoesNotContain(after.Consumers, c => c.Consumer.Value == "intruder");
        Assert.Equal(before.RoutingFunction, after.RoutingFunction);
        await silo1.WaitHealthyAsync(activeSilos: 2, TimeSpan.FromSeconds(10));
    }

    private Dictionary<string, string> ClientEnvironment(IReadOnlyDictionary<string, string> isolated)
    {
        var environment = ComposeEnvironment.Resolve(services["client"].Environment, redis, DevCertificates.Shared, secrets);
        environment["Redis__ConnectionString"] = redis.Endpoint;
        foreach (var (key, value) in isolated)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static Dictionary<string, string> Without(Dictionary<string, string> environment, params string[] keys)
    {
        var copy = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            copy.Remove(key);
        }

        return copy;
    }

    private static async Task<(int Exit, string Output)> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        await using var cli = ChildProcess.Start("cli", "dotnet", [RepoPaths.CliDll, .. arguments], environment);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (exit, cli.Output);
    }
}
