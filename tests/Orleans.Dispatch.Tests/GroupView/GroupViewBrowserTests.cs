using System.Globalization;
using Microsoft.Playwright;
using Orleans.Dispatch.Demo;
using Orleans.Dispatch.Tests.Support.Browser;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.GroupView;

/// <summary>
/// The group view in a real browser against a real silo process (the silo host's embedded
/// default): the groups page lists the group, the group page shows each consumer's in-flight
/// count and the reroutes a failing consumer caused in its chart, and a page left open follows
/// the cluster without a reload. Screenshots of both pages go to artifacts/.
/// </summary>
[Trait("Category", "Browser")]
[Collection(RealProcesses.Name)]
public sealed class GroupViewBrowserTests
{
    private const string Group = "view";
    private const int MaxInFlight = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_pages_show_the_groups_consumers_and_reroutes_and_follow_the_cluster_live()
    {
        var gatewayPort = FreePort.Next();
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var silo = ChildProcess.Start("silo", "dotnet", [RepoPaths.SiloDll], new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Http__Url"] = url,
            ["Workers__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        await silo.LineContainingAsync("Exposed: silo port").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("/dispatch (open, on a loopback address", await silo.LineContainingAsync("Exposed:", "/dispatch"), StringComparison.Ordinal);

        await using var client = await ProcessClusterClient.ConnectToLocalhostAsync(gatewayPort);
        string[] consumers = ["steady-1", "steady-2", "flaky"];
        var group = client.Client.GetGrain<IConsumerGroupGrain>(Group);
        // The page must show a crash chain over every consumer: health tracking would eject the failing one.
        await group.SetConsumerHealth(ConsumerHealthPolicy.Off);
        foreach (var id in consumers)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId(id), client.Client.GetGrain<IDemoConsumerGrain>($"{Group}-{id}")) { MaxInFlight = MaxInFlight });
        }

        await Demo("flaky").SetBehavior(new DemoBehavior(1.0, TimeSpan.Zero));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.Dispatcher.DispatchAsync(Group, new RoutingMessage($"m-{i}"))));
        var rerouted = outcomes.Sum(o => o.Crashes.Count);
        Assert.True(rerouted > 0, "the failing consumer caused no reroute: the chart would have nothing to show");

        // Every consumer failing for one message: it is dead-lettered with its crash chain.
        foreach (var id in consumers)
        {
            await Demo(id).SetBehavior(new DemoBehavior(1.0, TimeSpan.Zero));
        }

        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => client.Dispatcher.DispatchAsync(Group, new RoutingMessage("doomed")));
        await Demo("steady-1").SetBehavior(new DemoBehavior(0, TimeSpan.Zero));
        await Demo("steady-2").SetBehavior(new DemoBehavior(0, TimeSpan.Zero));

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        await page.GotoAsync(url + "/dispatch");
        var row = page.Locator($"#groups tr[data-group='{Group}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(row.Locator(".consumers")).ToHaveTextAsync("3");
        await Assertions.Expect(row).ToContainTextAsync((await group.GetSnapshot()).RoutingFunction);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("view-groups.png"), FullPage = true });

        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/dispatch/group/{Group}");
        foreach (var id in consumers)
        {
            var consumer = page.Locator($"#consumers tr[data-consumer='{id}']");
            await Assertions.Expect(consumer.Locator(".in-flight")).ToHaveTextAsync($"0 / {MaxInFlight}", new() { Timeout = (float)Patience.TotalMilliseconds });
            await Assertions.Expect(consumer.Locator(".silo")).ToContainTextAsync("S127.0.0.1");
        }

        var reroutes = page.Locator("#throughput-legend .rerouted");
        await Assertions.Expect(reroutes).ToHaveTextAsync($"rerouted {rerouted + consumers.Length}");
        var letter = page.Locator("#dead-letters tbody tr").Filter(new() { HasText = "doomed" });
        await Assertions.Expect(letter).ToContainTextAsync("NoConsumerAvailable", new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.Equal(consumers.Length, (await letter.Locator("td").Nth(3).TextContentAsync())!.Split(" → ").Length);
        Assert.Equal(1, await page.Locator("#throughput-chart polyline[data-series='rerouted']").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("view-group.png"), FullPage = true });

        // Left open, no reload: slow consumers fill up, and the page shows it within a few refreshes.
        var refreshesBefore = int.Parse(await page.Locator("#updated").GetAttributeAsync("data-refreshes") ?? "0", CultureInfo.InvariantCulture);
        var gate = new DemoBehavior(0, TimeSpan.FromSeconds(4));
        await Demo("steady-1").SetBehavior(gate);
        await Demo("steady-2").SetBehavior(gate);
        var slow = Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.Dispatcher.DispatchAsync(Group, new RoutingMessage($"slow-{i}"))));
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#consumers td.in-flight')].some(cell => /^[1-9]/.test(cell.textContent))",
            null,
            new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        var refreshesAfter = int.Parse(await page.Locator("#updated").GetAttributeAsync("data-refreshes") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(refreshesAfter > refreshesBefore, $"the page did not refresh by itself ({refreshesBefore} then {refreshesAfter})");
        await slow;
        await Assertions.Expect(page.Locator("[data-tile='in-flight'] .value")).ToHaveTextAsync($"0 / {3 * MaxInFlight}", new() { Timeout = (float)Patience.TotalMilliseconds });

        using var http = new HttpClient();
        using var missing = await http.GetAsync(new Uri($"{url}/dispatch/api/groups/nope"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no group named 'nope'", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        IDemoConsumerGrain Demo(string id) => client.Client.GetGrain<IDemoConsumerGrain>($"{Group}-{id}");
    }

    private static string Artifact(string name)
    {
        var directory = Environment.GetEnvironmentVariable("DISPATCH_FIGURES_DIR") ?? Path.Combine(RepoPaths.Root, "artifacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
