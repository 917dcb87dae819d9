using System.Text.RegularExpressions;
using Orleans.Dispatch.Silo.Configuration;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is proved by starting its silo services as
/// local processes with the same environment (addresses and ports rewritten for loopback), and
/// its client service's command with the CLI.
/// </summary>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed partial class ComposeFileTests : IClassFixture<RedisServer>
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private readonly RedisServer redis;
    private readonly IReadOnlyDictionary<string, ComposeService> services = ComposeFile.Load(RepoPaths.ComposeFile);
    private readonly IReadOnlyDictionary<string, string> secrets = ComposeFile.Secrets(RepoPaths.ComposeFile);

    public ComposeFileTests(RedisServer redis) => this.redis = redis;

    private IEnumerable<ComposeService> Silos => services.Values.Where(s => s.BuildTarget == "silo");

    [Fact]
    public void It_defines_redis_three_silos_advertising_their_own_address_and_the_client()
    {
        Assert.Contains("redis", services.Keys);
        var silos = Silos.ToList();
        Assert.Equal(3, silos.Count);
        foreach (var silo in silos)
        {
            Assert.Equal("Redis", silo.Environment["Cluster__Provider"]);
            Assert.Equal(silo.Hostname, silo.Environment["Cluster__AdvertisedAddress"]);
            Assert.Contains("redis", silo.DependsOn);
            foreach (var key in LocalSilo.Rewritten)
            {
                Assert.True(silo.Environment.ContainsKey(key), $"{silo.Name} does not set {key}, which the local run rewrites");
            }
        }

        Assert.Equal(3, silos.Select(s => s.Hostname).Distinct().Count());
        var client = Assert.Single(services.Values, s => s.BuildTarget == "client");
        Assert.Equal("quickstart", client.Command[0]);
    }

    [Fact]
    public void Every_setting_in_the_file_is_one_the_silo_host_reads()
    {
        var dispatchOptions = typeof(DispatchOptions).GetProperties().Select(p => "Dispatch:" + p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var silo in Silos)
        {
            foreach (var key in silo.Environment.Keys.Select(k => k.Replace("__", ":", StringComparison.Ordinal)))
            {
                Assert.True(
                    SiloSettingsReader.Keys.Contains(key, StringComparer.OrdinalIgnoreCase) || dispatchOptions.Contains(key),
                    $"{silo.Name} sets {key}, which the silo host does not read");
            }
        }
    }

    [Fact]
    public void Every_published_port_is_bound_to_loopback()
    {
        var published = services.Values.SelectMany(s => s.Ports.Select(port => (s.Name, Port: port))).ToList();
        Assert.NotEmpty(published);
        foreach (var (name, port) in published)
        {
            Assert.True(port.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{name} publishes '{port}' on every interface of the host: write 127.0.0.1:{port}");
        }
    }

    [Fact]
    public void No_secret_is_written_in_the_file()
    {
        foreach (var service in services.Values)
        {
            foreach (var (key, value) in service.Environment.Where(e => SecretKey().IsMatch(e.Key)))
            {
                Assert.True(ComposeEnvironment.Reference().Match(value) is { Success: true } reference && reference.Value == value, $"{service.Name} writes {key} in the file: pass it as ${{VARIABLE}} from the environment");
            }

            foreach (var argument in service.Command.Where(a => a.Contains("requirepass", StringComparison.Ordinal)))
            {
                Assert.Matches(@"--requirepass ""?\$\$[A-Z_]+", argument);
            }
        }

        Assert.NotEmpty(secrets);
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".gitignore"));
        foreach (var (name, file) in secrets)
        {
            var folder = Path.GetDirectoryName(file)!.Replace('\\', '/').TrimStart('.', '/') + "/";
            Assert.True(ignored.Contains(folder), $"the secret {name} is read from {file}, whose folder .gitignore does not keep out of the repository");
        }
    }

    [Fact]
    public void Silos_and_client_talk_mutual_TLS_with_certificates_from_secrets_and_the_dashboard_is_off()
    {
        foreach (var silo in Silos)
        {
            Assert.Equal("true", silo.Environment["Tls__Enabled"]);
            Assert.Equal("true", silo.Environment["Tls__RequireClientCertificate"]);
            Assert.Equal("false", silo.Environment["Dashboard__Enabled"]);
            Assert.StartsWith(ComposeEnvironment.SecretsMount, silo.Environment["Tls__KeyPath"], StringComparison.Ordinal);
        }

        var client = Assert.Single(services.Values, s => s.BuildTarget == "client");
        Assert.Equal("true", client.Environment["Tls__Enabled"]);
        Assert.StartsWith(ComposeEnvironment.SecretsMount, client.Environment["Tls__CertificatePath"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerfile_is_multi_stage_and_its_images_run_as_a_non_root_user()
    {
        var dockerfile = File.ReadAllText(RepoPaths.Dockerfile);
        var stages = FromLine().Matches(dockerfile).Select(m => m.Groups["name"].Value).ToList();
        Assert.True(stages.Count >= 2, "expected a build stage and runtime stages");
        foreach (var target in services.Values.Select(s => s.BuildTarget).OfType<string>().Distinct())
        {
            Assert.Contains(target, stages);
            var stage = dockerfile[dockerfile.IndexOf($" AS {target}", StringComparison.Ordinal)..];
            var next = stage.IndexOf("\nFROM ", StringComparison.Ordinal);
            stage = next < 0 ? stage : stage[..next];
            Assert.Matches(@"\nUSER \$APP_UID", stage);
        }
    }

    [Fact]
    public async Task Its_silos_as_local_processes_form_one_cluster_that_its_client_service_dispatches_through()
    {
        await using var silo1 = LocalSilo.Start(services["silo1"], redis);
        await using var silo2 = LocalSilo.Start(services["silo2"], redis);
        await using var silo3 = LocalSilo.Start(services["silo3"], redis);
        foreach (var silo in new[] { silo1, silo2, silo3 })
        {
            await silo.WaitHealthyAsync(activeSilos: 3, StartPatience);
        }

        var client = services["client"];
        var environment = ComposeEnvironment.Resolve(client.Environment, redis, DevCertificates.Shared, secrets);
        environment["Redis__ConnectionString"] = redis.Endpoint;
        await using var cli = ChildProcess.Start("client", "dotnet", [RepoPaths.CliDll, .. client.Command], environment);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exit == 0, $"the client service's command exited with {exit}:{Environment.NewLine}{cli.Output}");
        Assert.Matches(@"delivered\s+│\s+10000", cli.Output);
        await using var connection = await ProcessClusterClient.ConnectAsync(redis, silo1.Environment);
        Assert.Contains("demo", await connection.Client.GetGrain<IGroupRegistryGrain>(IGroupRegistryGrain.Key).GetGroups());
        Assert.Equal(6, (await connection.Client.GetGrain<IConsumerGroupGrain>("demo").GetSnapshot()).Consumers.Count);
    }

    [Fact]
    public async Task A_silo_stops_gracefully_on_SIGTERM_and_leaves_the_cluster()
    {
        await using var silo1 = LocalSilo.Start(services["silo1"], redis, Isolated("sigterm"));
        await using var silo2 = LocalSilo.Start(services["silo2"], redis, Isolated("sigterm"));
        await silo1.WaitHealthyAsync(activeSilos: 2, StartPatience);
        await silo2.WaitHealthyAsync(activeSilos: 2, StartPatience);

        silo2.Process.Terminate();
        var exit = await silo2.Process.WaitForExitAsync(TimeSpan.FromSeconds(45));

        Assert.Equal(0, exit);
        Assert.Contains("Application is shutting down", silo2.Process.Output, StringComparison.Ordinal);
        await silo1.WaitHealthyAsync(activeSilos: 1, TimeSpan.FromSeconds(30));
    }

    /// <summary>Another cluster in the same Redis, so tests of this class do not meet each other's silos.</summary>
    private static Dictionary<string, string> Isolated(string name) => new()
    {
        ["Cluster__ClusterId"] = name,
        ["Cluster__ServiceId"] = name,
    };

    [GeneratedRegex("password|apikey|secret|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^FROM \S+ AS (?<name>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();
}
