using Microsoft.Extensions.Configuration;
using Orleans.Dispatch.Silo.Configuration;

namespace Orleans.Dispatch.Tests.Security;

/// <summary>The silo host refuses to serve its dashboard or <c>/metrics</c> to the network without a credential, unless told that is intended.</summary>
[Trait("Category", "Unit")]
public sealed class HttpExposureSettingsTests
{
    [Theory]
    [InlineData("Dashboard:Enabled", "true", "Dashboard:Enabled is true")]
    [InlineData("GroupView:Enabled", "true", "GroupView:Enabled is true")]
    [InlineData("Telemetry:Exporter", "Prometheus", "Telemetry:Exporter is Prometheus")]
    public void A_non_loopback_url_with_state_on_show_and_no_credential_is_refused_naming_the_settings(string key, string value, string named)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Read(("Http:Url", "http://0.0.0.0:8080"), ("Dashboard:Enabled", "false"), ("GroupView:Enabled", "false"), (key, value)));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("Http:Url is http://0.0.0.0:8080", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Contains("Http:ApiKey", problem, StringComparison.Ordinal);
        Assert.Contains("Http:AllowUnprotected", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", null, null)]
    [InlineData("http://localhost:8080", null, null)]
    [InlineData("http://0.0.0.0:8080", "s3cret", null)]
    [InlineData("http://0.0.0.0:8080", null, "true")]
    public void Loopback_a_credential_or_an_explicit_allowance_is_accepted(string url, string? apiKey, string? allowUnprotected)
    {
        var settings = Read(("Http:Url", url), ("Dashboard:Enabled", "true"), ("Http:ApiKey", apiKey), ("Http:AllowUnprotected", allowUnprotected));

        Assert.True(settings.HttpRevealsState);
        Assert.Equal(apiKey, settings.HttpApiKey);
    }

    [Theory]
    [InlineData("Localhost", null, true)]
    [InlineData("Localhost", "false", false)]
    [InlineData("Redis", null, false)]
    public void The_group_view_is_on_where_the_dashboard_is_unless_set(string clustering, string? groupView, bool expected)
    {
        var settings = Read(("Cluster:Provider", clustering), ("Redis:ConnectionString", "127.0.0.1:6379"), ("GroupView:Enabled", groupView));

        Assert.Equal(expected, settings.GroupViewEnabled);
        Assert.Equal(settings.DashboardEnabled, clustering == "Localhost");
    }

    [Fact]
    public void Health_alone_may_listen_anywhere()
    {
        var settings = Read(("Http:Url", "http://0.0.0.0:8080"), ("Dashboard:Enabled", "false"));

        Assert.False(settings.GroupViewEnabled);
        Assert.False(settings.HttpRevealsState);
        Assert.False(settings.HttpIsLoopback);
    }

    [Fact]
    public void Tls_on_without_a_certificate_or_with_files_that_are_missing_or_not_certificates_is_refused_by_key()
    {
        var garbage = Path.GetTempFileName();
        File.WriteAllText(garbage, "not a certificate");
        try
        {
            var missing = Assert.Throws<SiloConfigurationException>(() => Read(("Tls:Enabled", "true")));
            Assert.Contains(missing.Problems, p => p.StartsWith("Tls:CertificatePath or Tls:CertificateSubject: required", StringComparison.Ordinal));

            var absent = Assert.Throws<SiloConfigurationException>(() => Read(("Tls:Enabled", "true"), ("Tls:CertificatePath", "/nowhere/silo.pfx")));
            Assert.Contains(absent.Problems, p => p == "Tls:CertificatePath: no file at '/nowhere/silo.pfx'.");

            var unreadable = Assert.Throws<SiloConfigurationException>(() => Read(("Tls:Enabled", "true"), ("Tls:CertificatePath", garbage), ("Tls:KeyPath", garbage)));
            Assert.Contains(unreadable.Problems, p => p.StartsWith("Tls:CertificatePath: the certificate could not be loaded", StringComparison.Ordinal));

            var pemWithoutKey = Assert.Throws<SiloConfigurationException>(() => Read(("Tls:Enabled", "true"), ("Tls:CertificatePath", garbage)));
            Assert.Contains(pemWithoutKey.Problems, p => p.StartsWith("Tls:KeyPath: required", StringComparison.Ordinal));

            var notABool = Assert.Throws<SiloConfigurationException>(() => Read(("Tls:Enabled", "yes")));
            Assert.Contains(notABool.Problems, p => p == "Tls:Enabled: 'yes' is not true or false.");
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    [Fact]
    public void The_tls_description_never_holds_the_certificate_password()
    {
        var settings = Read(("Tls:CertificatePassword", "hunter2"));

        Assert.Equal("off", settings.Tls.Describe());
        Assert.DoesNotContain("hunter2", settings.Tls.Describe(), StringComparison.Ordinal);
    }

    /// <summary>Reads the given settings; a later value of a key replaces an earlier one, as in layered configuration.</summary>
    private static SiloSettings Read(params (string Key, string? Value)[] values)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values.Where(v => v.Value is not null))
        {
            settings[key] = value;
        }

        return SiloSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }
}
