using System.Globalization;
using Orleans.Dispatch.Demo;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>
/// The silo host's console under load keeps start-up, membership and the project's own logs
/// (a reroute), without a line per placement, per connection or per option.
/// </summary>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed class QuietConsoleTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Per_call_noise_is_off_by_default_and_a_log_level_setting_brings_it_back(bool askForPolly)
    {
        var gatewayPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Http__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Workers__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        if (askForPolly)
        {
            environment["Logging__LogLevel__Polly"] = "Information";
        }

        await using var silo = ChildProcess.Start("silo", "dotnet", [RepoPaths.SiloDll], environment);
        await silo.LineContainingAsync("Exposed: silo port").WaitAsync(TimeSpan.FromSeconds(60));
        await using (var client = await ProcessClusterClient.ConnectToLocalhostAsync(gatewayPort))
        {
            var group = client.Client.GetGrain<IConsumerGroupGrain>("quiet");
            foreach (var id in new[] { "a", "b" })
            {
                await group.AddConsumer(new ConsumerRegistration(new ConsumerId(id), client.Client.GetGrain<IDemoConsumerGrain>($"quiet-{id}")));
            }

            await client.Client.GetGrain<IDemoConsumerGrain>("quiet-a").SetBehavior(new DemoBehavior(1.0, TimeSpan.Zero));
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.Dispatcher.DispatchAsync("quiet", new RoutingMessage($"q-{i}"))));
        }

        // The reroute log is this project's own, at information level: once it is out, so is everything before it.
        await silo.LineContainingAsync("Rerouting").WaitAsync(TimeSpan.FromSeconds(10));
        var output = silo.Output;
        Assert.Contains("Orleans.Runtime.MembershipService", output, StringComparison.Ordinal);
        Assert.Contains("Exposed: silo port", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SiloOptionsLogger", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Orleans.Runtime.Messaging.Connection", output, StringComparison.Ordinal);
        Assert.Equal(askForPolly, output.Contains("info: Polly", StringComparison.Ordinal));
    }
}
