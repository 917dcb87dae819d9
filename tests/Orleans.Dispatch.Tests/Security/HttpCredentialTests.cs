using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Security;

/// <summary>
/// A real silo process with the dashboard and <c>/metrics</c> behind <c>Http:ApiKey</c>: both
/// answer only with the key (Bearer, or the password of HTTP Basic); <c>/health</c> stays open;
/// the start-up log says what is exposed where.
/// </summary>
[Trait("Category", "Process")]
[Collection(RealProcesses.Name)]
public sealed class HttpCredentialTests
{
    private const string ApiKey = "correct-horse-battery-staple";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_dashboard_and_metrics_need_the_key_and_health_does_not()
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        await using var silo = ChildProcess.Start("silo", "dotnet", [RepoPaths.SiloDll], new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = Port(),
            ["Cluster__GatewayPort"] = Port(),
            ["Http__Url"] = url,
            ["Workers__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Http__ApiKey"] = ApiKey,
            ["Dashboard__Enabled"] = "true",
            ["Telemetry__Exporter"] = "Prometheus",
        });
        var started = await silo.LineContainingAsync("Exposed: silo port").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("loopback only; TLS off", started, StringComparison.Ordinal);
        Assert.Contains("/dashboard (requires Http:ApiKey", await silo.LineContainingAsync("Exposed:", "/dashboard"), StringComparison.Ordinal);
        Assert.Contains("/metrics (requires Http:ApiKey", await silo.LineContainingAsync("Exposed:", "/metrics"), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, silo.Output, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url + "/health", null));
        // The dashboard answers /dashboard with a redirect to /dashboard/, which HttpClient follows without the credential.
        foreach (var path in new[] { "/dashboard/", "/metrics" })
        {
            using var challenge = await Http.GetAsync(new Uri(url + path));
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            Assert.Equal("Basic", Assert.Single(challenge.Headers.WwwAuthenticate).Scheme);

            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(url + path, new AuthenticationHeaderValue("Bearer", "wrong")));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(url + path, Basic("admin", ApiKey + "x")));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(url + path, new AuthenticationHeaderValue("Bearer", ApiKey)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(url + path, Basic("anyone", ApiKey)));
        }
    }

    [Fact]
    public async Task A_silo_told_to_show_its_dashboard_to_the_network_without_a_key_does_not_start()
    {
        await using var silo = ChildProcess.Start("silo", "dotnet", [RepoPaths.SiloDll], new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = Port(),
            ["Cluster__GatewayPort"] = Port(),
            ["Http__Url"] = $"http://0.0.0.0:{FreePort.Next()}",
            ["Workers__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Dashboard__Enabled"] = "true",
        });
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("Http:Url is http://0.0.0.0:", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Enabled is true", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Http:AllowUnprotected", silo.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusAsync(string url, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = authorization } };
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
