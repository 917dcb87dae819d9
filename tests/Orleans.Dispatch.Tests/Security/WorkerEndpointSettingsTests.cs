using Microsoft.Extensions.Configuration;
using Orleans.Dispatch.Silo.Configuration;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Security;

/// <summary>
/// The silo host's worker endpoint (<c>Workers:Url</c>): beyond loopback it needs a credential,
/// an API key or mutual TLS; https takes its certificate from <c>Tls:*</c> and is refused, by name,
/// without it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WorkerEndpointSettingsTests
{
    [Fact]
    public void A_non_loopback_worker_endpoint_with_no_credential_is_refused_naming_the_ways_out()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Read(("Workers:Url", "http://0.0.0.0:8090")));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("Workers:Url is http://0.0.0.0:8090, not a loopback address", problem, StringComparison.Ordinal);
        Assert.Contains("Http:ApiKey", problem, StringComparison.Ordinal);
        Assert.Contains("mutual TLS", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_worker_endpoint_without_tls_settings_is_refused_naming_tls_enabled()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Read(("Workers:Url", "https://127.0.0.1:8090")));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("Workers:Url is https://127.0.0.1:8090", problem, StringComparison.Ordinal);
        Assert.Contains("Tls:Enabled=true", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutual_tls_is_a_credential_for_a_non_loopback_worker_endpoint_and_tls_without_client_certificates_is_not()
    {
        var mutual = Read([.. Tls(), ("Workers:Url", "https://0.0.0.0:8090")]);
        var serverOnly = Assert.Throws<SiloConfigurationException>(() => Read([.. Tls(), ("Tls:RequireClientCertificate", "false"), ("Workers:Url", "https://0.0.0.0:8090")]));
        var serverOnlyWithKey = Read([.. Tls(), ("Tls:RequireClientCertificate", "false"), ("Workers:Url", "https://0.0.0.0:8090"), ("Http:ApiKey", "s3cret")]);

        Assert.True(mutual.WorkersUseTls && mutual.WorkersRequireCertificate);
        Assert.Contains("not a loopback address, with no credential", Assert.Single(serverOnly.Problems), StringComparison.Ordinal);
        Assert.True(serverOnlyWithKey.WorkersUseTls);
        Assert.False(serverOnlyWithKey.WorkersRequireCertificate);
    }

    [Fact]
    public void The_default_worker_endpoint_stays_plain_loopback_when_tls_is_on()
    {
        var settings = Read(Tls());

        Assert.Equal("http://127.0.0.1:8090", settings.WorkersUrl);
        Assert.False(settings.WorkersUseTls);
        Assert.True(settings.WorkersIsLoopback);
    }

    private static (string Key, string? Value)[] Tls()
    {
        var certificates = DevCertificates.Shared;
        return
        [
            ("Tls:Enabled", "true"),
            ("Tls:CertificatePath", certificates.File("silo.crt")),
            ("Tls:KeyPath", certificates.File("silo.key")),
            ("Tls:CaCertificatePath", certificates.Authority),
        ];
    }

    private static SiloSettings Read(params (string Key, string? Value)[] values) =>
        SiloSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase)).Build());
}
